package dev.rampart.cli;

import picocli.CommandLine.Option;

/** The {@code --format text|json} option shared by every command that reports. */
public final class FormatOption {
    @Option(names = "--format", paramLabel = "text|json", converter = FormatConverter.class,
            description = "Output format: text (default) or json.")
    OutputFormat format = OutputFormat.TEXT;

    /** The chosen format. */
    public OutputFormat format() {
        return format;
    }

    /** picocli converter for {@link OutputFormat}. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return OutputFormat.parse(value);
        }
    }
}
