package dev.rampart.model.ipset;

import dev.rampart.model.SourcePos;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutable collection of sets that performs ipset's commands ({@code create add del flush destroy rename
 * swap}) with the kernel's rules: names are unique, elements are unique within a set, a set referenced
 * by a {@code list:set} cannot be destroyed, a {@code list:set} holds only existing non-list sets, a set
 * holds at most {@code maxelem} (or {@code size}) elements. Each command returns null on success or a
 * {@link Problem}; {@code exist} is ipset's {@code -exist} flag (ignore "already exists"/"not added").
 */
public final class IpSetsBuilder {

    /** Why a command was refused, with a hint or null. */
    public record Problem(Kind kind, String message, String hint) {
        /** The kind of refusal, mapped to a diagnostic code by the readers. */
        public enum Kind { UNKNOWN_SET, SET_EXISTS, ENTRY_EXISTS, ENTRY_MISSING, SET_IN_USE, SET_FULL, INCOMPATIBLE }
    }

    private static final class State {
        String name;
        IpSetType type;
        IpSetOptions options;
        SourcePos pos;
        final LinkedHashMap<List<EntryPart>, IpSetEntry> entries = new LinkedHashMap<>();

        State(String name, IpSetType type, IpSetOptions options, SourcePos pos) {
            this.name = name;
            this.type = type;
            this.options = options;
            this.pos = pos;
        }
    }

    private final LinkedHashMap<String, State> sets = new LinkedHashMap<>();

    /** Whether set {@code name} exists. */
    public boolean exists(String name) {
        return sets.containsKey(name);
    }

    /** Type of set {@code name}, or null. */
    public IpSetType type(String name) {
        State s = sets.get(name);
        return s == null ? null : s.type;
    }

    /** Options of set {@code name}, or null. */
    public IpSetOptions options(String name) {
        State s = sets.get(name);
        return s == null ? null : s.options;
    }

    /** Names of all sets, in creation order. */
    public List<String> names() {
        return List.copyOf(sets.keySet());
    }

    private Problem noSet(String name) {
        String close = dev.rampart.model.diag.Suggest.closest(name, sets.keySet());
        return new Problem(Problem.Kind.UNKNOWN_SET, "set '" + name + "' does not exist",
                close != null ? "did you mean '" + close + "'?" : "create it first: ipset create " + name + " TYPE");
    }

    /** {@code create NAME TYPE options}; {@code options} are stored with the kernel's defaults filled in. */
    public Problem create(String name, IpSetType type, IpSetOptions options, boolean exist, SourcePos pos) {
        IpSetOptions o = options.withKernelDefaults(type);
        State s = sets.get(name);
        if (s != null) {
            if (exist && s.type.name().equals(type.name()) && sameCreate(s.options, o)) {
                return null;
            }
            return new Problem(Problem.Kind.SET_EXISTS, "set '" + name + "' already exists"
                    + (exist ? " with a different type or options" : ""),
                    exist ? "destroy it first, or use another name" : "use 'ipset -exist create' to ignore an identical set");
        }
        sets.put(name, new State(name, type, o, pos));
        return null;
    }

    private static boolean sameCreate(IpSetOptions a, IpSetOptions b) {
        return a.withoutSeed().equals(b.withoutSeed());
    }

    /**
     * {@code add NAME ELEMENT options}: adds every expanded element. Missing {@code timeout} is taken from
     * the set's default, missing counters start at 0. {@code before}/{@code after} position a
     * {@code list:set} member relative to another member (null for the end).
     */
    public Problem add(String name, List<List<EntryPart>> elements, EntryOptions options, boolean exist,
                       String before, String after) {
        State s = sets.get(name);
        if (s == null) {
            return noSet(name);
        }
        EntryOptions o = withDefaults(s, options);
        long limit = s.type.method() == IpSetType.Method.LIST ? s.options.size()
                : s.options.maxelem() != null ? s.options.maxelem() : Long.MAX_VALUE;
        for (List<EntryPart> parts : elements) {
            if (s.type.method() == IpSetType.Method.LIST) {
                String member = ((EntryPart.SetName) parts.get(0)).name();
                State m = sets.get(member);
                if (m == null) {
                    return noSet(member);
                }
                if (m.type.method() == IpSetType.Method.LIST) {
                    return new Problem(Problem.Kind.INCOMPATIBLE, "set '" + member + "' is a list:set; a list:set"
                            + " cannot hold another list:set", null);
                }
            }
            if (s.entries.containsKey(parts)) {
                if (exist) {
                    s.entries.put(parts, new IpSetEntry(parts, o));
                    continue;
                }
                return new Problem(Problem.Kind.ENTRY_EXISTS, "element '" + new IpSetEntry(parts, o).elementText()
                        + "' is already in set '" + name + "'", "use 'ipset -exist add' to ignore elements already added");
            }
            if (s.entries.size() >= limit) {
                return new Problem(Problem.Kind.SET_FULL, "set '" + name + "' is full (" + limit + " elements)",
                        s.type.method() == IpSetType.Method.LIST ? "create it with a larger 'size'"
                                : "create it with a larger 'maxelem'");
            }
            String anchor = before != null ? before : after;
            if (anchor != null) {
                List<EntryPart> key = List.of(new EntryPart.SetName(anchor));
                if (!s.entries.containsKey(key)) {
                    return new Problem(Problem.Kind.ENTRY_MISSING, "set '" + anchor + "' is not a member of list '"
                            + name + "'", null);
                }
                LinkedHashMap<List<EntryPart>, IpSetEntry> copy = new LinkedHashMap<>();
                for (Map.Entry<List<EntryPart>, IpSetEntry> e : s.entries.entrySet()) {
                    if (e.getKey().equals(key) && before != null) {
                        copy.put(parts, new IpSetEntry(parts, o));
                    }
                    copy.put(e.getKey(), e.getValue());
                    if (e.getKey().equals(key) && after != null) {
                        copy.put(parts, new IpSetEntry(parts, o));
                    }
                }
                s.entries.clear();
                s.entries.putAll(copy);
            } else {
                s.entries.put(parts, new IpSetEntry(parts, o));
            }
        }
        return null;
    }

    private static EntryOptions withDefaults(State s, EntryOptions e) {
        Long timeout = e.timeout() != null ? e.timeout() : s.options.timeout();
        Long packets = e.packets();
        Long bytes = e.bytes();
        if (s.options.counters()) {
            packets = packets == null ? 0L : packets;
            bytes = bytes == null ? 0L : bytes;
        }
        return new EntryOptions(timeout, e.nomatch(), packets, bytes, e.comment(), e.skbmark(), e.skbmarkMask(),
                e.skbprio(), e.skbqueue());
    }

    /** {@code del NAME ELEMENT}. */
    public Problem del(String name, List<List<EntryPart>> elements, boolean exist) {
        State s = sets.get(name);
        if (s == null) {
            return noSet(name);
        }
        for (List<EntryPart> parts : elements) {
            if (s.entries.remove(parts) == null && !exist) {
                return new Problem(Problem.Kind.ENTRY_MISSING, "element '" + new IpSetEntry(parts, EntryOptions.NONE)
                        .elementText() + "' is not in set '" + name + "'", "use 'ipset -exist del' to ignore it");
            }
        }
        return null;
    }

    /** {@code test NAME ELEMENT}: whether every element is present (no change). */
    public boolean contains(String name, List<List<EntryPart>> elements) {
        State s = sets.get(name);
        return s != null && elements.stream().allMatch(s.entries::containsKey);
    }

    /** {@code flush [NAME]}: empties one set, or all sets when {@code name} is null. */
    public Problem flush(String name) {
        if (name == null) {
            sets.values().forEach(s -> s.entries.clear());
            return null;
        }
        State s = sets.get(name);
        if (s == null) {
            return noSet(name);
        }
        s.entries.clear();
        return null;
    }

    /** {@code destroy [NAME]}: removes one set, or all sets when {@code name} is null. */
    public Problem destroy(String name) {
        if (name == null) {
            sets.clear();
            return null;
        }
        if (!sets.containsKey(name)) {
            return noSet(name);
        }
        String user = listUsing(name);
        if (user != null) {
            return new Problem(Problem.Kind.SET_IN_USE, "set '" + name + "' is in use by list:set '" + user + "'",
                    "delete it from '" + user + "' first: ipset del " + user + " " + name);
        }
        sets.remove(name);
        return null;
    }

    private String listUsing(String name) {
        List<EntryPart> key = List.of(new EntryPart.SetName(name));
        for (State s : sets.values()) {
            if (s.type.method() == IpSetType.Method.LIST && s.entries.containsKey(key)) {
                return s.name;
            }
        }
        return null;
    }

    /** {@code rename FROM TO}. */
    public Problem rename(String from, String to) {
        State s = sets.get(from);
        if (s == null) {
            return noSet(from);
        }
        if (sets.containsKey(to)) {
            return new Problem(Problem.Kind.SET_EXISTS, "set '" + to + "' already exists", null);
        }
        String user = listUsing(from);
        if (user != null) {
            return new Problem(Problem.Kind.SET_IN_USE, "set '" + from + "' is in use by list:set '" + user + "'",
                    null);
        }
        LinkedHashMap<String, State> copy = new LinkedHashMap<>();
        for (Map.Entry<String, State> e : sets.entrySet()) {
            copy.put(e.getKey().equals(from) ? to : e.getKey(), e.getValue());
        }
        s.name = to;
        sets.clear();
        sets.putAll(copy);
        return null;
    }

    /** {@code swap A B}: exchanges the contents (type, options, entries) of two sets. */
    public Problem swap(String a, String b) {
        State x = sets.get(a);
        State y = sets.get(b);
        if (x == null || y == null) {
            return noSet(x == null ? a : b);
        }
        boolean listX = x.type.method() == IpSetType.Method.LIST;
        boolean listY = y.type.method() == IpSetType.Method.LIST;
        if (listX != listY || (x.options.family() != y.options.family())) {
            return new Problem(Problem.Kind.INCOMPATIBLE, "sets '" + a + "' and '" + b
                    + "' cannot be swapped: they differ in family or in being list:set", null);
        }
        IpSetType t = x.type;
        IpSetOptions o = x.options;
        LinkedHashMap<List<EntryPart>, IpSetEntry> e = new LinkedHashMap<>(x.entries);
        x.type = y.type;
        x.options = y.options;
        x.entries.clear();
        x.entries.putAll(y.entries);
        y.type = t;
        y.options = o;
        y.entries.clear();
        y.entries.putAll(e);
        return null;
    }

    /** The immutable sets, in creation order. */
    public IpSets build() {
        List<IpSet> out = new ArrayList<>(sets.size());
        for (State s : sets.values()) {
            out.add(new IpSet(s.name, s.type, s.options, new ArrayList<>(s.entries.values()), s.pos));
        }
        return new IpSets(out);
    }
}
