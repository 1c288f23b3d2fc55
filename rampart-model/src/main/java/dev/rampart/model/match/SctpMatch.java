package dev.rampart.model.match;

import dev.rampart.model.diag.Suggest;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.PortRange;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code -m sctp}: source/destination port ranges (null when not given; printed whenever given) and a
 * chunk-type test: the packet's chunks include {@code ANY} one of / {@code ALL} of / {@code ONLY}
 * chunks from {@code chunks} (sorted by type; {@code allChunks} stands for every type 0..255). Each
 * chunk may also require flag bits ({@code flagMask} bits must equal {@code flags}). Needs {@code -p sctp}.
 */
public record SctpMatch(PortRange sport, boolean sportInverted, PortRange dport, boolean dportInverted,
                        ChunkMatch chunkMatch, boolean allChunks, List<Chunk> chunks, boolean chunksInverted)
        implements Match {

    /** The extension that parses {@code -m sctp}. */
    public static final MatchExtension EXTENSION = new Extension();

    public SctpMatch {
        chunks = List.copyOf(chunks);
    }

    /** How {@code --chunk-types} combines its chunk list; null in the record when not given. */
    public enum ChunkMatch {
        ANY, ALL, ONLY
    }

    /** A chunk type with required flags ({@code flagMask} = 0 when none). */
    public record Chunk(int type, int flags, int flagMask) {
    }

    private record ChunkName(String name, int type, String validFlags) {
    }

    private static final List<ChunkName> NAMES = List.of(
            new ChunkName("DATA", 0, "----IUBE"), new ChunkName("INIT", 1, "--------"),
            new ChunkName("INIT_ACK", 2, "--------"), new ChunkName("SACK", 3, "--------"),
            new ChunkName("HEARTBEAT", 4, "--------"), new ChunkName("HEARTBEAT_ACK", 5, "--------"),
            new ChunkName("ABORT", 6, "-------T"), new ChunkName("SHUTDOWN", 7, "--------"),
            new ChunkName("SHUTDOWN_ACK", 8, "--------"), new ChunkName("ERROR", 9, "--------"),
            new ChunkName("COOKIE_ECHO", 10, "--------"), new ChunkName("COOKIE_ACK", 11, "--------"),
            new ChunkName("ECN_ECNE", 12, "--------"), new ChunkName("ECN_CWR", 13, "--------"),
            new ChunkName("SHUTDOWN_COMPLETE", 14, "-------T"), new ChunkName("I_DATA", 64, "----IUBE"),
            new ChunkName("RE_CONFIG", 130, "--------"), new ChunkName("PAD", 132, "--------"),
            new ChunkName("ASCONF", 193, "--------"), new ChunkName("ASCONF_ACK", 128, "--------"),
            new ChunkName("FORWARD_TSN", 192, "--------"), new ChunkName("I_FORWARD_TSN", 194, "--------"));

    @Override
    public String module() {
        return "sctp";
    }

    private static ChunkName byType(int type) {
        for (ChunkName n : NAMES) {
            if (n.type() == type) {
                return n;
            }
        }
        return null;
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (sport != null) {
            out.option(sportInverted, "sport", sport.toString());
        }
        if (dport != null) {
            out.option(dportInverted, "dport", dport.toString());
        }
        if (chunkMatch != null) {
            out.option(chunksInverted, "chunk-types").word(chunkMatch.name().toLowerCase(Locale.ROOT));
            if (allChunks) {
                out.word("ALL");
            } else if (chunks.isEmpty()) {
                out.word("NONE");
            } else {
                StringBuilder sb = new StringBuilder();
                for (Chunk c : chunks) {
                    ChunkName n = byType(c.type());
                    sb.append(sb.length() > 0 ? "," : "").append(n.name());
                    if (c.flagMask() != 0) {
                        sb.append(':');
                        for (int bit = 7; bit >= 0; bit--) {
                            if ((c.flagMask() & (1 << bit)) != 0) {
                                char f = n.validFlags().charAt(7 - bit);
                                sb.append((c.flags() & (1 << bit)) != 0 ? f : Character.toLowerCase(f));
                            }
                        }
                    }
                }
                out.word(sb.toString());
            }
        }
    }

    private static List<Chunk> parseChunks(OptionUse u, String text) throws ExtensionException {
        List<Chunk> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int colon = part.indexOf(':');
            String name = colon < 0 ? part : part.substring(0, colon);
            ChunkName found = null;
            for (ChunkName n : NAMES) {
                if (n.name().equalsIgnoreCase(name)) {
                    found = n;
                }
            }
            if (found == null) {
                throw new ExtensionException(dev.rampart.model.diag.DiagnosticCode.INVALID_VALUE,
                        "unknown SCTP chunk type '" + name + "'", u, true,
                        Suggest.didYouMean(name.toUpperCase(Locale.ROOT), NAMES.stream().map(ChunkName::name).toList()));
            }
            int flags = 0;
            int mask = 0;
            if (colon >= 0) {
                for (char f : part.substring(colon + 1).toCharArray()) {
                    int pos = found.validFlags().indexOf(Character.toUpperCase(f));
                    if (pos < 0 || f == '-') {
                        throw ExtensionException.badValue(u, "invalid flag '" + f + "' for SCTP chunk " + found.name(),
                                found.validFlags().replace("-", "").isEmpty() ? "this chunk type has no flags"
                                        : "valid flags are " + found.validFlags().replace("-", ""));
                    }
                    int bit = 7 - pos;
                    mask |= 1 << bit;
                    if (Character.isUpperCase(f)) {
                        flags |= 1 << bit;
                    }
                }
            }
            final int type = found.type();
            out.removeIf(c -> c.type() == type);
            out.add(new Chunk(type, flags, mask));
        }
        out.sort(Comparator.comparingInt(Chunk::type));
        return out;
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("sport").inv().alias("source-port"),
                OptionSpec.arg("dport").inv().alias("destination-port"),
                OptionSpec.of("chunk-types", 2).inv());

        @Override
        public String name() {
            return "sctp";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            PortRange sport = null;
            PortRange dport = null;
            boolean sInv = false;
            boolean dInv = false;
            ChunkMatch cm = null;
            boolean all = false;
            List<Chunk> chunks = List.of();
            boolean cInv = false;
            for (OptionUse u : o.all()) {
                switch (u.name()) {
                    case "sport" -> {
                        sport = Values.portRange(u, u.arg(), "sctp");
                        sInv = u.inverted();
                    }
                    case "dport" -> {
                        dport = Values.portRange(u, u.arg(), "sctp");
                        dInv = u.inverted();
                    }
                    default -> {
                        String kind = u.args().get(0).toUpperCase(Locale.ROOT);
                        try {
                            cm = ChunkMatch.valueOf(kind);
                        } catch (IllegalArgumentException e) {
                            throw ExtensionException.badValue(u, "invalid chunk match type '" + u.args().get(0) + "'",
                                    "use 'all', 'any' or 'only'");
                        }
                        String list = u.args().get(1);
                        cInv = u.inverted();
                        if (list.equalsIgnoreCase("ALL")) {
                            all = true;
                        } else if (!list.equalsIgnoreCase("NONE")) {
                            chunks = parseChunks(u, list);
                        }
                    }
                }
            }
            TcpMatch.requireProtocol(EspMatch.first(o), ctx, Protocol.SCTP, "sctp");
            return new SctpMatch(sport, sInv, dport, dInv, cm, all, chunks, cInv);
        }
    }
}
