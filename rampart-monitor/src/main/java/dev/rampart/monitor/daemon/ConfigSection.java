package dev.rampart.monitor.daemon;

import org.yaml.snakeyaml.nodes.Node;

/**
 * A top-level section of {@code monitor.yaml} the daemon's core does not read ({@code alerts},
 * {@code drift}, {@code counters}): its YAML node with positions, the file it came from and the file's
 * text, so the part that reads it can check it with a {@link dev.rampart.monitor.settings.YamlReader} (or
 * a {@link dev.rampart.monitor.settings.SectionReader} over one) and report {@code FILE:LINE:COL} diagnostics.
 */
public record ConfigSection(String name, Node node, String file, String text) {
}
