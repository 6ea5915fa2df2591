package io.granary.registry.pypi;

import static io.granary.registry.pypi.PypiRepositoryTest.ADMIN;
import static io.granary.registry.pypi.PypiRepositoryTest.REPO;
import static io.granary.registry.pypi.PypiRepositoryTest.hex;
import static io.granary.registry.pypi.PypiRepositoryTest.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Uploads that lie or overreach are refused with a clear 4xx, and nothing becomes visible. */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class PypiBadInputTest {

    private static void assertRefused(String project, String filename, byte[] bytes, int status, String message)
            throws Exception {
        upload(filename, bytes, project, "1.0").then().statusCode(status).statusLine(containsString(message));
        assertNothingStored(project);
    }

    private static void assertNothingStored(String project) {
        given().auth().preemptive().basic("x", ADMIN).get("/pypi/" + REPO + "/simple/" + PypiNames.normalize(project) + "/")
                .then().statusCode(404);
    }

    private static String meta(String name) {
        return PythonDistributions.metadata(name, "1.0", null);
    }

    @Test
    void entriesEscapingTheArchiveAreRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("../evil.py", "x".getBytes(StandardCharsets.UTF_8));
        entries.put("escape-1.0.dist-info/METADATA", meta("escape").getBytes(StandardCharsets.UTF_8));
        assertRefused("escape", "escape-1.0-py3-none-any.whl", PythonDistributions.zip(entries), 400, "escapes the archive");

        Map<String, byte[]> sdist = new LinkedHashMap<>();
        sdist.put("escape-1.0/PKG-INFO", meta("escape").getBytes(StandardCharsets.UTF_8));
        sdist.put("/etc/cron.d/evil", "x".getBytes(StandardCharsets.UTF_8));
        assertRefused("escape", "escape-1.0.tar.gz", PythonDistributions.tarGz(sdist), 400, "not allowed");
    }

    @Test
    void decompressionBombsAreStoppedAtTheBound() throws Exception {
        byte[] zipBomb = PythonDistributions.zipBomb("bomb/zeros.bin", 600L << 20);
        assertRefused("bomb", "bomb-1.0-py3-none-any.whl", zipBomb, 400, "decompression bomb");
        Map<String, byte[]> tar = new LinkedHashMap<>();
        tar.put("bomb-1.0/PKG-INFO", meta("bomb").getBytes(StandardCharsets.UTF_8));
        tar.put("bomb-1.0/zeros.bin", new byte[600 << 20]);
        assertRefused("bomb", "bomb-1.0.tar.gz", PythonDistributions.tarGz(tar), 400, "decompression bomb");
    }

    @Test
    void fileNamesMustMatchTheMetadataInside() throws Exception {
        byte[] other = PythonDistributions.wheel("liar", "1.0", meta("someone-else"));
        assertRefused("liar", "liar-1.0-py3-none-any.whl", other, 400, "its metadata names someone-else");
        byte[] version = PythonDistributions.wheel("liar", "2.0", PythonDistributions.metadata("liar", "1.0", null));
        assertRefused("liar", "liar-2.0-py3-none-any.whl", version, 400, "names version 2.0 but its metadata says 1.0");
        assertRefused("liar", "liar-1.0.zip", PythonDistributions.wheel("liar", "1.0", meta("liar")), 400,
                "invalid distribution file name");
        // The form must agree with the file too.
        byte[] wheel = PythonDistributions.wheel("formcheck", "1.0", meta("formcheck"));
        upload(REPO, ADMIN, "formcheck-1.0-py3-none-any.whl", wheel, Map.of("name", "formcheck", "version", "1.1"))
                .then().statusCode(400).statusLine(containsString("does not match"));
        assertNothingStored("formcheck");
    }

    @Test
    void missingOrMalformedMetadataIsRefused() throws Exception {
        Map<String, byte[]> noMetadata = new LinkedHashMap<>();
        noMetadata.put("nometa/__init__.py", new byte[0]);
        assertRefused("nometa", "nometa-1.0-py3-none-any.whl", PythonDistributions.zip(noMetadata), 400,
                "has no nometa-1.0.dist-info/METADATA");
        byte[] malformed = PythonDistributions.wheel("malformed", "1.0", "Metadata-Version: 2.1\nName: malformed\n\n");
        assertRefused("malformed", "malformed-1.0-py3-none-any.whl", malformed, 400, "no version field");
        byte[] notZip = "this is not a zip archive".getBytes(StandardCharsets.UTF_8);
        assertRefused("notzip", "notzip-1.0-py3-none-any.whl", notZip, 400, "zip");
        assertRefused("notgz", "notgz-1.0.tar.gz", notZip, 400, "tar");
    }

    @Test
    void digestMismatchesAreRefused() throws Exception {
        byte[] wheel = PythonDistributions.wheel("digest", "1.0", meta("digest"));
        upload(REPO, ADMIN, "digest-1.0-py3-none-any.whl", wheel, Map.of("sha256_digest", "0".repeat(64)))
                .then().statusCode(400).statusLine(containsString("sha256_digest does not match"));
        upload(REPO, ADMIN, "digest-1.0-py3-none-any.whl", wheel, Map.of("md5_digest", hex("MD5", new byte[1])))
                .then().statusCode(400).statusLine(containsString("md5_digest does not match"));
        assertNothingStored("digest");
    }

    @Test
    void namesNormalizingOntoAnotherProjectAreRefused() throws Exception {
        upload("clash_project-1.0-py3-none-any.whl", PythonDistributions.wheel("clash_project", "1.0", meta("clash-project")),
                "clash-project", "1.0").then().statusCode(200);
        upload("clash_project-1.1-py3-none-any.whl", PythonDistributions.wheel("clash_project", "1.1",
                PythonDistributions.metadata("Clash.Project", "1.1", null)), "Clash.Project", "1.1")
                .then().statusCode(400).statusLine(containsString("already holds as clash-project"));
    }

    @Test
    void oversizeUploadsAreRefusedWith413() throws Exception {
        byte[] noise = new byte[64 << 10];
        new Random(7).nextBytes(noise);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("big/data.bin", noise);
        entries.put("big-1.0.dist-info/METADATA", meta("big").getBytes(StandardCharsets.UTF_8));
        upload(TestRepositories.PYPI_SMALL, ADMIN, "big-1.0-py3-none-any.whl", PythonDistributions.zip(entries), Map.of())
                .then().statusCode(413);
    }
}
