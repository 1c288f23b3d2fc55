package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLV option list of an IPv6 Hop-by-Hop or Destination Options header as {@code --hbh-opts} /
 * {@code --dst-opts} take it: {@code TYPE[:LENGTH]} items separated by commas, at most 16; a length
 * of -1 means any length.
 */
public record ExtHeaderOptions(List<Item> items) {

    /** Most items the kernel stores. */
    public static final int MAX_ITEMS = 16;

    public ExtHeaderOptions {
        items = List.copyOf(items);
    }

    /** One option: type 0..255 and length 0..255, or -1 for any length. */
    public record Item(int type, int length) {
    }

    /** Parses the argument of {@code u}. */
    public static ExtHeaderOptions parse(OptionUse u) throws ExtensionException {
        List<Item> items = new ArrayList<>();
        for (String part : u.arg().split(",", -1)) {
            int colon = part.indexOf(':');
            int type = (int) Values.number(u, colon < 0 ? part : part.substring(0, colon), 0, 255);
            int len = -1;
            if (colon >= 0) {
                if (type == 0) {
                    throw ExtensionException.badValue(u, "option type 0 (Pad1) has no length",
                            "write '0' without ':LENGTH'");
                }
                len = (int) Values.number(u, part.substring(colon + 1), 0, 255);
            }
            items.add(new Item(type, len));
        }
        if (items.size() > MAX_ITEMS) {
            throw ExtensionException.badValue(u, "at most " + MAX_ITEMS + " options may be listed");
        }
        return new ExtHeaderOptions(items);
    }

    /** {@code T[:L],...} as ip6tables-save prints it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Item i : items) {
            sb.append(sb.length() > 0 ? "," : "").append(i.type());
            if (i.length() >= 0) {
                sb.append(':').append(i.length());
            }
        }
        return sb.toString();
    }
}
