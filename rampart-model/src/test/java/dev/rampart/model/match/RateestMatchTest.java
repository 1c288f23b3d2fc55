package dev.rampart.model.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.write.CanonicalWriter;
import org.junit.jupiter.api.Test;

/** Rate units and printing as the real iptables 1.8.9 prints them (checked in a namespace). */
class RateestMatchTest {

    static String fmt(String rule) {
        RestoreParser.Result r = new RestoreParser(Family.IPV4).parse("*filter\n-A INPUT " + rule + "\nCOMMIT\n", "t");
        assertThat(r.diagnostics().hasErrors()).as(r.diagnostics().all().toString()).isFalse();
        String out = new CanonicalWriter(false).write(r.ruleset());
        return out.substring(out.indexOf("-A INPUT"), out.indexOf("\nCOMMIT"));
    }

    @Test
    void ratesPrintInBitsWithKbitAndMbitUnitsLikeIptables() {
        assertThat(fmt("-m rateest --rateest RE1 --rateest-lt --rateest-bps 5mbit"))
                .isEqualTo("-A INPUT -m rateest --rateest RE1 --rateest-lt --rateest-bps 5000Kbit");
        assertThat(fmt("-m rateest --rateest RE1 --rateest-lt --rateest-bps 2gbit"))
                .isEqualTo("-A INPUT -m rateest --rateest RE1 --rateest-lt --rateest-bps 2000Mbit");
        assertThat(fmt("-m rateest --rateest RE1 --rateest-lt --rateest-bps 12kbps"))
                .isEqualTo("-A INPUT -m rateest --rateest RE1 --rateest-lt --rateest-bps 96000bit");
        assertThat(fmt("-m rateest --rateest RE1 --rateest-lt --rateest-bps 100"))
                .isEqualTo("-A INPUT -m rateest --rateest RE1 --rateest-lt --rateest-bps 96bit");
        assertThat(fmt("-m rateest --rateest RE1 ! --rateest-gt --rateest-pps 7"))
                .isEqualTo("-A INPUT -m rateest --rateest RE1 ! --rateest-gt --rateest-pps 7");
    }

    @Test
    void rejectsIncompleteOrMixedOptions() {
        RestoreParser.Result r = new RestoreParser(Family.IPV4).parse(
                "*filter\n-A INPUT -m rateest --rateest RE1 --rateest-bps 8bit\n"
                        + "-A INPUT -m rateest --rateest RE1 --rateest-lt --rateest-bps 8bit --rateest-pps 3\n"
                        + "-A INPUT -m rateest --rateest RE1 --rateest-lt --rateest-bps 8furlongs\nCOMMIT\n", "t");
        assertThat(r.diagnostics().all()).extracting(d -> d.line() + ":" + d.message())
                .containsExactly("2:match 'rateest': match 'rateest' needs --rateest-lt, --rateest-gt or --rateest-eq",
                        "3:match 'rateest': bps and pps options cannot be mixed",
                        "4:match 'rateest': unknown rate unit 'furlongs'");
    }
}
