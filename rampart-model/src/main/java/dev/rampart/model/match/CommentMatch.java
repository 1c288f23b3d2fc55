package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code -m comment --comment TEXT}: a note on the rule, at most 255 bytes; always matches. */
public record CommentMatch(String comment) implements Match {

    /** Longest comment the kernel stores, in bytes. */
    public static final int MAX_BYTES = 255;

    /** The extension that parses {@code -m comment}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "comment";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.optionQuoted("comment", comment);
    }

    /** The last comment read on this thread: consecutive rules often carry the same comment. */
    private static final ThreadLocal<String[]> LAST = ThreadLocal.withInitial(() -> new String[1]);

    /** {@code comment}, or the equal string of the previous rule read on this thread (one copy kept). */
    private static String previous(String comment) {
        String[] last = LAST.get();
        if (comment.equals(last[0])) {
            return last[0];
        }
        last[0] = comment;
        return comment;
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("comment"));

        @Override
        public String name() {
            return "comment";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("comment");
            if (u == null) {
                throw ExtensionException.constraint(null, "match 'comment' needs --comment TEXT", null);
            }
            // a UTF-8 character takes at most 3 bytes here, so short comments need no encoding
            if (u.arg().length() > MAX_BYTES / 3 && u.arg().getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
                throw ExtensionException.badValue(u, "comment is longer than " + MAX_BYTES + " bytes",
                        "shorten the comment");
            }
            return new CommentMatch(previous(u.arg()));
        }
    }
}
