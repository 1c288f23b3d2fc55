package dev.rampart.model.ipset;

/**
 * The options after an element in {@code add NAME ELEMENT [options]}. Absent values are null (numbers) or
 * false ({@code nomatch}). They print in {@code ipset save}'s order: {@code timeout}, {@code nomatch},
 * {@code packets}, {@code bytes}, {@code comment}, {@code skbmark}, {@code skbprio}, {@code skbqueue}.
 *
 * @param timeout   seconds until the entry expires; 0 = permanent (only in sets created with a timeout)
 * @param nomatch   the element is an exception inside a wider matching network ({@code hash:net*} types)
 * @param packets   packet counter (sets with {@code counters})
 * @param bytes     byte counter (sets with {@code counters})
 * @param comment   comment text (sets with {@code comment}); at most 255 characters, no {@code "}
 * @param skbmark   mark value set by {@code SET --map-mark} (sets with {@code skbinfo})
 * @param skbmarkMask mask of {@code skbmark}; 0xffffffff when none was given
 * @param skbprio   tc priority as {@code major << 16 | minor}
 * @param skbqueue  hardware queue number
 */
public record EntryOptions(Long timeout, boolean nomatch, Long packets, Long bytes, String comment, Long skbmark,
                           Long skbmarkMask, Long skbprio, Long skbqueue) {

    /** No option. */
    public static final EntryOptions NONE = new EntryOptions(null, false, null, null, null, null, null, null, null);

    /** Longest comment the kernel keeps, in characters. */
    public static final int MAX_COMMENT = 255;

    /** Appends the options, each with a leading space, as {@code ipset save} prints them. */
    public void appendTo(StringBuilder sb) {
        if (timeout != null) {
            sb.append(" timeout ").append(timeout);
        }
        if (nomatch) {
            sb.append(" nomatch");
        }
        if (packets != null) {
            sb.append(" packets ").append(packets);
        }
        if (bytes != null) {
            sb.append(" bytes ").append(bytes);
        }
        if (comment != null) {
            sb.append(" comment \"").append(comment).append('"');
        }
        if (skbmark != null) {
            sb.append(" skbmark 0x").append(Long.toHexString(skbmark));
            if (skbmarkMask != null && skbmarkMask != 0xFFFFFFFFL) {
                sb.append("/0x").append(Long.toHexString(skbmarkMask));
            }
        }
        if (skbprio != null) {
            sb.append(" skbprio ").append(Long.toHexString(skbprio >>> 16)).append(':')
                    .append(Long.toHexString(skbprio & 0xFFFF));
        }
        if (skbqueue != null) {
            sb.append(" skbqueue ").append(skbqueue);
        }
    }

    /** A mutable builder, used by the parsers. */
    public static final class Builder {
        Long timeout;
        boolean nomatch;
        Long packets;
        Long bytes;
        String comment;
        Long skbmark;
        Long skbmarkMask;
        Long skbprio;
        Long skbqueue;

        /** The options collected so far. */
        public EntryOptions build() {
            return new EntryOptions(timeout, nomatch, packets, bytes, comment, skbmark, skbmarkMask, skbprio,
                    skbqueue);
        }
    }
}
