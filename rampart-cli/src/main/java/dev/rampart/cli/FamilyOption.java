package dev.rampart.cli;

import dev.rampart.model.Family;
import dev.rampart.model.parse.FamilyDetector;
import picocli.CommandLine.Option;

/** {@code --family 4|6}: the address family of the input; detected from the content when absent. */
public final class FamilyOption {
    @Option(names = {"-f", "--family"}, paramLabel = "4|6",
            description = "Address family of the input (4: iptables, 6: ip6tables). Default: detected from the content.")
    String family;

    /** The family given, or the one {@code text} looks like. */
    public Family resolve(String text) {
        if (family == null) {
            return FamilyDetector.detect(text);
        }
        return Family.parse(family);
    }

    /** Whether the user fixed the family. */
    public boolean given() {
        return family != null;
    }
}
