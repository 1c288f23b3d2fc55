package dev.rampart.model.target;

import dev.rampart.model.diag.Suggest;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.List;
import java.util.Map;

/**
 * {@code -j LOG}: write a kernel log line and continue. {@code level} is the syslog level 0..7 (default
 * 4, warning); {@code prefix} at most 29 characters; flags as in {@code xt_LOG}.
 */
public record LogTarget(String prefix, int level, boolean tcpSequence, boolean tcpOptions, boolean ipOptions,
                        boolean uid, boolean macDecode) implements Target {

    /** The default syslog level (warning). */
    public static final int DEFAULT_LEVEL = 4;
    /** Longest prefix the kernel accepts, in bytes. */
    public static final int MAX_PREFIX = 29;

    /** The extension that parses {@code -j LOG}. */
    public static final TargetExtension EXTENSION = new Extension();

    private static final Map<String, Integer> LEVELS = Map.ofEntries(
            Map.entry("emerg", 0), Map.entry("alert", 1), Map.entry("crit", 2), Map.entry("error", 3),
            Map.entry("err", 3), Map.entry("warning", 4), Map.entry("warn", 4), Map.entry("notice", 5),
            Map.entry("info", 6), Map.entry("debug", 7), Map.entry("panic", 0));

    @Override
    public String name() {
        return "LOG";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (!prefix.isEmpty()) {
            out.optionQuoted("log-prefix", prefix);
        }
        if (level != DEFAULT_LEVEL) {
            out.option("log-level", Integer.toString(level));
        }
        if (tcpSequence) {
            out.option("log-tcp-sequence");
        }
        if (tcpOptions) {
            out.option("log-tcp-options");
        }
        if (ipOptions) {
            out.option("log-ip-options");
        }
        if (uid) {
            out.option("log-uid");
        }
        if (macDecode) {
            out.option("log-macdecode");
        }
    }

    /** Parses a syslog level name or number 0..7. */
    static int parseLevel(OptionUse u) throws ExtensionException {
        String t = u.arg();
        if (t.length() == 1 && t.charAt(0) >= '0' && t.charAt(0) <= '7') {
            return t.charAt(0) - '0';
        }
        Integer l = LEVELS.get(t);
        if (l == null) {
            throw ExtensionException.badValue(u, "log level '" + t + "' unknown; use 0..7 or a syslog level name",
                    Suggest.didYouMean(t, LEVELS.keySet()));
        }
        return l;
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("log-level"), OptionSpec.arg("log-prefix"), OptionSpec.flag("log-tcp-sequence"),
                OptionSpec.flag("log-tcp-options"), OptionSpec.flag("log-ip-options"), OptionSpec.flag("log-uid"),
                OptionSpec.flag("log-macdecode"));

        @Override
        public String name() {
            return "LOG";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            String prefix = "";
            int level = DEFAULT_LEVEL;
            OptionUse p = o.get("log-prefix");
            if (p != null) {
                prefix = p.arg();
                if (prefix.isEmpty()) {
                    throw ExtensionException.badValue(p, "log prefix must not be empty", "leave out --log-prefix");
                }
                if (prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PREFIX) {
                    throw ExtensionException.badValue(p, "log prefix is longer than " + MAX_PREFIX + " characters",
                            "shorten it to at most " + MAX_PREFIX + " characters");
                }
            }
            OptionUse l = o.get("log-level");
            if (l != null) {
                level = parseLevel(l);
            }
            return new LogTarget(prefix, level, o.has("log-tcp-sequence"), o.has("log-tcp-options"),
                    o.has("log-ip-options"), o.has("log-uid"), o.has("log-macdecode"));
        }
    }
}
