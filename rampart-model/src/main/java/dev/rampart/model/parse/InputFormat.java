package dev.rampart.model.parse;

/**
 * The kinds of text Rampart reads, and how to tell them apart when the user does not say.
 * Detection looks at the first meaningful lines: {@code *table}, {@code :CHAIN} or {@code -A} lines mean a
 * restore file; {@code create}/{@code add} lines an {@code ipset save} file; lines that run
 * {@code iptables}/{@code ip6tables}/{@code ipset} (possibly via {@code sudo}, a path or a variable), a
 * shebang or variable assignments mean a command script.
 */
public enum InputFormat {
    /** {@code iptables-save} / {@code iptables-restore} text. */
    RESTORE,
    /** A shell script of {@code iptables}/{@code ip6tables}/{@code ipset} commands. */
    SCRIPT,
    /** {@code ipset save} text. */
    IPSET;

    /** The most likely format of {@code text}; RESTORE when nothing decides. */
    public static InputFormat detect(String text) {
        int restore = 0;
        int script = 0;
        int ipset = 0;
        int seen = 0;
        int pos = 0;
        int n = text.length();
        if (text.startsWith("#!")) {
            return SCRIPT;
        }
        while (pos < n && seen < 200) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? n : nl;
            String line = text.substring(pos, end).strip();
            pos = end + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            seen++;
            if (line.startsWith("*") || line.startsWith(":") || line.startsWith("-A ") || line.equals("COMMIT")
                    || line.startsWith("[")) {
                restore++;
                continue;
            }
            if (line.startsWith("create ") || line.startsWith("add ")) {
                ipset++;
                continue;
            }
            String first = line.split("[\\s;]+", 2)[0];
            if (first.equals("sudo") || first.startsWith("$") || first.matches("[A-Za-z_][A-Za-z0-9_]*=.*")
                    || first.equals("export")) {
                script++;
                continue;
            }
            String base = first.substring(first.lastIndexOf('/') + 1);
            if (base.startsWith("iptables") || base.startsWith("ip6tables") || base.equals("ipset")) {
                script += 2;
            }
        }
        if (script > restore && script >= ipset) {
            return SCRIPT;
        }
        if (ipset > restore) {
            return IPSET;
        }
        return RESTORE;
    }
}
