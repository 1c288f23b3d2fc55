package dev.rampart.model.ipset;

import java.util.List;

/**
 * One element of a set with its options, e.g. {@code 192.0.2.1,tcp:80 timeout 300}. {@code parts} follow
 * the set type's dimensions; two entries are the same element when their parts are equal.
 */
public record IpSetEntry(List<EntryPart> parts, EntryOptions options) {

    public IpSetEntry {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("an entry needs at least one part");
        }
    }

    /** The element as {@code ipset save} prints it: the parts joined by commas. */
    public String elementText() {
        if (parts.size() == 1) {
            return parts.get(0).text();
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(parts.get(i).text());
        }
        return sb.toString();
    }

    /** This entry with other options. */
    public IpSetEntry withOptions(EntryOptions o) {
        return new IpSetEntry(parts, o);
    }
}
