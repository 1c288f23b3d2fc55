package dev.rampart.model.target;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j LED --led-trigger-id ID [--led-delay MS|inf] [--led-always-blink]}: flash the LED trigger
 * {@code netfilter-ID} for {@code delayMs} milliseconds ({@link #INFINITE} = stay on, 0 = blink once) and
 * continue.
 */
public record LedTarget(String triggerId, long delayMs, boolean alwaysBlink) implements Target {

    /** {@code delayMs} meaning "infinite". */
    public static final long INFINITE = 0xFFFFFFFFL;
    /** Longest trigger id, in bytes (27 minus the "netfilter-" prefix and its terminator). */
    public static final int MAX_ID = 16;

    /** The extension that parses {@code -j LED}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "LED";
    }

    @Override
    public void writeOptions(SaveLine out) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : triggerId.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        out.option("led-trigger-id", sb.append('"').toString());
        if (delayMs == INFINITE) {
            out.option("led-delay", "inf");
        } else if ((int) delayMs > 0) {
            out.option("led-delay", Integer.toString((int) delayMs));
        }
        if (alwaysBlink) {
            out.option("led-always-blink");
        }
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("led-trigger-id"),
                OptionSpec.arg("led-delay"), OptionSpec.flag("led-always-blink"));

        @Override
        public String name() {
            return "LED";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse id = TargetSupport.mandatory(o, "led-trigger-id", "add --led-trigger-id NAME");
            if (id.arg().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ID) {
                throw ExtensionException.badValue(id, "trigger id is longer than " + MAX_ID + " bytes");
            }
            long delay = 0;
            OptionUse d = o.get("led-delay");
            if (d != null) {
                delay = d.arg().regionMatches(true, 0, "inf", 0, 3) ? INFINITE : TargetSupport.uint(d, 0, INFINITE);
            }
            return new LedTarget(id.arg(), delay, o.has("led-always-blink"));
        }
    }
}
