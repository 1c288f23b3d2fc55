/**
 * The {@code rampart} command: {@link dev.rampart.cli.Main} registers one picocli command class per
 * subcommand (kept in the subpackages by area, mirroring the modules) and maps exceptions to the exit
 * codes of {@link dev.rampart.cli.ExitCode}. This package holds that entry point and the plumbing the
 * commands share: the option mixins ({@link dev.rampart.cli.FormatOption},
 * {@link dev.rampart.cli.FamilyOption}, {@link dev.rampart.cli.IpSetsOption},
 * {@link dev.rampart.cli.HostOptions}), input reading ({@link dev.rampart.cli.Inputs},
 * {@link dev.rampart.cli.RulesetLoader}, {@link dev.rampart.cli.LiveInput}), diagnostics output
 * ({@link dev.rampart.cli.DiagnosticOutput}) and the exceptions that end a run with exit 2
 * ({@link dev.rampart.cli.UsageException}) or 4 ({@link dev.rampart.cli.HostException}).
 */
package dev.rampart.cli;
