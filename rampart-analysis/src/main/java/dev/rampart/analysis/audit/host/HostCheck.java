package dev.rampart.analysis.audit.host;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.DescribedCheck;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity of a host check (id, title, severity, rationale, given once in the subclass's constructor)
 * and its contract: {@link #run(AuditContext)} reports nothing unless the context has {@link HostFacts}
 * (an audit of files knows nothing about the host), otherwise calls {@link #check}.
 */
abstract class HostCheck extends DescribedCheck {
    /** The file the fixes put lasting kernel parameters in. */
    static final String SYSCTL_FILE = "/etc/sysctl.d/90-rampart.conf";

    HostCheck(String id, String title, Severity severity, String rationale) {
        super(id, title, severity, rationale);
    }

    @Override
    public final List<Finding> run(AuditContext context) {
        if (context.host().isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        check(context, context.host().get(), out);
        return out;
    }

    /**
     * Whether the audit covers {@code family}: it has a ruleset of that family. An audit limited with
     * {@code --family} leaves the other family's host checks out too.
     */
    static boolean covers(AuditContext context, dev.rampart.model.Family family) {
        return context.ruleset(family).isPresent();
    }

    /** Adds the findings about {@code host} to {@code out}. */
    abstract void check(AuditContext context, HostFacts host, List<Finding> out);

    /**
     * The fix for kernel parameters: {@code sysctl -w} for now, and the lines of
     * {@value #SYSCTL_FILE} that keep them across reboots.
     */
    static String sysctlFix(Map<String, String> settings) {
        StringBuilder sb = new StringBuilder("sysctl -w");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            sb.append(' ').append(e.getKey()).append('=').append(e.getValue());
        }
        sb.append("\n# and keep it across reboots, in ").append(SYSCTL_FILE).append(':');
        for (Map.Entry<String, String> e : settings.entrySet()) {
            sb.append('\n').append(e.getKey()).append(" = ").append(e.getValue());
        }
        return sb.toString();
    }

    /** An ordered one-entry settings map. */
    static Map<String, String> setting(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(name, value);
        return m;
    }
}
