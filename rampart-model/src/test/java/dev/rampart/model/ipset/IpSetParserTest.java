package dev.rampart.model.ipset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpSetParserTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = IpSetParserTest.class.getResourceAsStream("/ipset/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static IpSetParser.Result parse(String text) {
        return new IpSetParser().parse(text, "sets.txt");
    }

    @Test
    void realSaveOutputRoundTripsByteForByte() throws IOException {
        // produced by ipset 7.17 'ipset save' in a throwaway network namespace
        String text = resource("real-save.txt");
        IpSetParser.Result r = parse(text);
        assertThat(r.diagnostics().all()).isEmpty();
        assertThat(r.sets().sets()).hasSize(14);
        assertThat(new IpSetWriter().write(r.sets())).isEqualTo(text);
    }

    @Test
    void parseWriteParseGivesEqualModel() throws IOException {
        IpSets first = parse(resource("real-save.txt")).sets();
        IpSetParser.Result second = parse(new IpSetWriter().write(first));
        assertThat(second.diagnostics().all()).isEmpty();
        assertThat(second.sets()).isEqualTo(first);
    }

    @Test
    void entriesAreTyped() throws IOException {
        IpSets sets = parse(resource("real-save.txt")).sets();
        IpSet svc = sets.find("svc").orElseThrow();
        assertThat(svc.type().dimensions()).containsExactly(IpSetType.Dimension.IP, IpSetType.Dimension.PORT);
        assertThat(svc.entries()).anySatisfy(e -> assertThat(e.parts()).containsExactly(
                new EntryPart.Address(IpPrefix.ipv4(0xC0000201, 32), false), new EntryPart.Port(Protocol.UDP, 53)));
        assertThat(svc.entries()).anySatisfy(e -> assertThat(e.parts().get(1)).isEqualTo(
                new EntryPart.Icmp(false, 3, 5)));
        IpSet nets6 = sets.find("nets6").orElseThrow();
        assertThat(nets6.options().family()).isEqualTo(Family.IPV6);
        assertThat(nets6.options().timeout()).isEqualTo(300L);
        assertThat(nets6.entries().get(0).options().nomatch()).isTrue();
        assertThat(nets6.entries().get(2).options().comment()).isEqualTo("hello world");
        IpSet all = sets.find("all").orElseThrow();
        assertThat(all.entries()).extracting(e -> e.parts().get(0))
                .containsExactly(new EntryPart.SetName("blocklist"), new EntryPart.SetName("svc"));
    }

    @Test
    void addExpandsLikeTheKernelAndCreateGetsKernelDefaults() {
        IpSetParser.Result r = parse("""
                create a hash:ip
                add a 198.51.100.0/30
                create n hash:net
                add n 10.1.0.0-10.1.0.5
                add n 10.0.0.5/8
                create p hash:ip,port hashsize 100
                add p 192.0.2.2,1-3
                add p 192.0.2.2,ssh
                create m hash:ip netmask 24
                add m 10.1.2.3
                create c hash:ip counters timeout 60
                add c 192.0.2.9
                """);
        assertThat(r.diagnostics().all()).isEmpty();
        assertThat(new IpSetWriter().write(r.sets())).isEqualTo("""
                create a hash:ip family inet hashsize 1024 maxelem 65536
                add a 198.51.100.0
                add a 198.51.100.1
                add a 198.51.100.2
                add a 198.51.100.3
                create n hash:net family inet hashsize 1024 maxelem 65536
                add n 10.1.0.0/30
                add n 10.1.0.4/31
                add n 10.0.0.0/8
                create p hash:ip,port family inet hashsize 128 maxelem 65536
                add p 192.0.2.2,tcp:1
                add p 192.0.2.2,tcp:2
                add p 192.0.2.2,tcp:3
                add p 192.0.2.2,tcp:22
                create m hash:ip family inet hashsize 1024 maxelem 65536 netmask 24
                add m 10.1.2.0
                create c hash:ip family inet hashsize 1024 maxelem 65536 timeout 60 counters
                add c 192.0.2.9 timeout 60 packets 0 bytes 0
                """);
    }

    @Test
    void unknownTypeGetsSuggestionWithColumn() {
        IpSetParser.Result r = parse("create bad hash:ipp\n");
        Diagnostic d = r.diagnostics().all().get(0);
        assertThat(d.code()).isEqualTo(DiagnosticCode.UNKNOWN_SET_TYPE);
        assertThat(d.line()).isEqualTo(1);
        assertThat(d.column()).isEqualTo(12);
        assertThat(d.width()).isEqualTo(8);
        assertThat(d.message()).isEqualTo("unknown set type 'hash:ipp'");
        assertThat(d.suggestion()).isEqualTo("did you mean 'hash:ip'?");
    }

    @Test
    void plausibleButUnmodelledTypeIsKeptAndRoundTrips() {
        String text = "create future hash:net,port,mark family inet hashsize 1024 maxelem 65536\n"
                + "add future 192.0.2.0/24,tcp:80,0x10\n";
        IpSetParser.Result r = parse(text);
        assertThat(r.diagnostics().all()).extracting(Diagnostic::code)
                .containsExactly(DiagnosticCode.UNKNOWN_SET_TYPE_KEPT);
        IpSet s = r.sets().find("future").orElseThrow();
        assertThat(s.type().isKnown()).isFalse();
        assertThat(s.entries().get(0).parts()).containsExactly(new EntryPart.Raw("192.0.2.0/24,tcp:80,0x10"));
        assertThat(new IpSetWriter().write(r.sets())).isEqualTo(text);
    }

    @Test
    void badElementIsLocatedInsideTheWordAndParsingRecovers() {
        IpSetParser.Result r = parse("""
                create svc hash:ip,port
                add svc 192.0.2.1,tcp:70000
                add svc 2001:db8::1,tcp:22
                add svcs 192.0.2.1,tcp:22
                add svc 192.0.2.1,tcp:22 timeout 5
                add svc 192.0.2.1,tcp:22
                add svc 192.0.2.1,tcp:22
                """);
        List<Diagnostic> ds = r.diagnostics().all();
        assertThat(ds).extracting(Diagnostic::code).containsExactly(DiagnosticCode.INVALID_SET_ELEMENT,
                DiagnosticCode.INVALID_SET_ELEMENT, DiagnosticCode.UNKNOWN_SET, DiagnosticCode.INVALID_VALUE,
                DiagnosticCode.SET_ENTRY_EXISTS);
        Diagnostic port = ds.get(0);
        assertThat(port.line()).isEqualTo(2);
        assertThat(port.column()).isEqualTo(23);
        assertThat(port.width()).isEqualTo(5);
        assertThat(port.message()).isEqualTo("port '70000' is out of range 0-65535 (set 'svc' is hash:ip,port)");
        assertThat(ds.get(1).suggestion()).isEqualTo("this is an IPv6 address; the set needs 'family inet6'");
        assertThat(ds.get(2).suggestion()).isEqualTo("did you mean 'svc'?");
        assertThat(ds.get(3).message()).isEqualTo("'timeout' cannot be used: set 'svc' was created without 'timeout'");
        assertThat(ds.get(3).suggestion()).isEqualTo("add 'timeout 0' to 'ipset create svc ...'");
        assertThat(ds.get(4).line()).isEqualTo(7);
        assertThat(r.sets().find("svc").orElseThrow().entries()).hasSize(1);
    }

    @Test
    void createOptionNotValidForTypeIsExplained() {
        IpSetParser.Result r = parse("create x hash:net,port netmask 24\ncreate y hash:ip hashsise 64\n");
        List<Diagnostic> ds = r.diagnostics().all();
        assertThat(ds.get(0).message()).isEqualTo("'netmask' cannot be used with hash:net,port sets");
        assertThat(ds.get(0).column()).isEqualTo(24);
        assertThat(ds.get(1).message()).isEqualTo("unknown create option 'hashsise'");
        assertThat(ds.get(1).suggestion()).isEqualTo("did you mean 'hashsize'?");
    }

    @Test
    void listSetRulesAreEnforced() {
        IpSetParser.Result r = parse("""
                create a hash:ip
                create b hash:ip
                create l list:set
                add l a
                add l b before a
                add l missing
                destroy a
                """);
        assertThat(r.diagnostics().all()).extracting(Diagnostic::code)
                .containsExactly(DiagnosticCode.UNKNOWN_SET, DiagnosticCode.SET_IN_USE);
        assertThat(r.sets().find("l").orElseThrow().entries()).extracting(IpSetEntry::elementText)
                .containsExactly("b", "a");
        assertThat(new IpSetWriter().createLine(r.sets().find("l").orElseThrow())).isEqualTo("create l list:set size 8");
    }
}
