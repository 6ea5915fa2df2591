package io.granary.registry.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SimplePageLinksTest {

    private static final String PAGE = """
            <a href="../../packages/ab/demo-1.0.tar.gz#sha256=%s" data-requires-python="&gt;=3.8">demo-1.0.tar.gz</a>
            <a href="https://files.example/x/demo-1.1-py3-none-any.whl?x=1&amp;y=2">demo-1.1-py3-none-any.whl</a>
            """.formatted("A".repeat(64));

    @Test
    void findsALinkByFileNameWithItsHash() {
        var link = SimplePageLinks.find(PAGE, URI.create("http://up/simple/demo/"), "demo-1.0.tar.gz");
        assertThat(link.url()).isEqualTo(URI.create("http://up/packages/ab/demo-1.0.tar.gz"));
        assertThat(link.sha256()).isEqualTo("a".repeat(64));
        var noHash = SimplePageLinks.find(PAGE, URI.create("http://up/simple/demo/"), "demo-1.1-py3-none-any.whl");
        assertThat(noHash.url().toString()).isEqualTo("https://files.example/x/demo-1.1-py3-none-any.whl?x=1&y=2");
        assertThat(noHash.sha256()).isNull();
        assertThat(SimplePageLinks.find(PAGE, URI.create("http://up/simple/demo/"), "other.whl")).isNull();
    }

    @Test
    void rewritesHrefsKeepingFragmentsAndAttributes() {
        String out = SimplePageLinks.rewrite(PAGE, name -> "http://granary/files/demo/" + name);
        assertThat(out).contains("href=\"http://granary/files/demo/demo-1.0.tar.gz#sha256=" + "A".repeat(64) + "\"")
                .contains("data-requires-python=\"&gt;=3.8\"")
                .contains("href=\"http://granary/files/demo/demo-1.1-py3-none-any.whl\"")
                .doesNotContain("files.example");
    }
}
