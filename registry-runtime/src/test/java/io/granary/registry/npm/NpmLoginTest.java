package io.granary.registry.npm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.NpmTestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code npm login} against Granary, both ways npm offers: the web flow (npm polls while the
 * test plays the browser at the printed login URL) and the legacy prompts (answered on a pseudo-terminal).
 * Either way the token npm stores works for {@code whoami} and {@code publish}, and {@code npm logout}
 * revokes it while the administrator's token it was derived from stays valid.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class NpmLoginTest {

    private static final Pattern LOGIN_URL = Pattern.compile("(http://\\S+/-/v1/login/[0-9a-f-]{36})");
    private static final Pattern STORED_TOKEN = Pattern.compile(":_authToken=(\\S+)");

    @TempDir
    Path work;

    @Test
    void webLoginStoresAWorkingTokenThatLogoutRevokes() throws IOException {
        String issued = Tokens.issue("web-dev", NpmTestRepositories.LOCAL, "writer");
        NpmCli npm = new NpmCli(work.resolve("home"), registry(), null);
        assertThat(npm.run(work, "whoami").exit()).isNotZero();

        NpmCli.Running login = npm.startNpm(work, Map.of(), "login", "--auth-type=web");
        String loginUrl = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> loginUrlIn(login), url -> url != null || !login.process().isAlive());
        assertThat(loginUrl).as("npm printed a login URL: %s", login.outSoFar()).isNotNull();

        // The browser: shown a form, refused a wrong name, then logged in; the link works once.
        given().get(loginUrl).then().statusCode(200).body(containsString("<form method=\"post\">"));
        given().formParam("name", "someone-else").formParam("token", issued).post(loginUrl).then().statusCode(401)
                .body(containsString("web-dev")).body(not(containsString(issued)));
        given().formParam("name", "web-dev").formParam("token", issued).post(loginUrl).then().statusCode(200)
                .body(containsString("Logged in"));
        given().formParam("name", "web-dev").formParam("token", issued).post(loginUrl).then().statusCode(409);

        NpmCli.Result done = login.finish();
        assertThat(done.exit()).as("npm login: %s %s", done.out(), done.err()).isZero();
        String session = storedToken(npm);
        assertThat(session).startsWith("gra_").isNotEqualTo(issued);
        assertThat(done.out() + done.err()).doesNotContain(session);

        provesAndRevokes(npm, session, issued, "web-dev", "web-login-pkg");
    }

    @Test
    void legacyLoginAnswersThePromptsAndLogoutRevokes() throws IOException {
        String issued = Tokens.issue("cli-dev", NpmTestRepositories.LOCAL, "writer");
        NpmCli npm = new NpmCli(work.resolve("home"), registry(), null);
        Path driver = work.resolve("answer-prompts.py");
        try (InputStream script = getClass().getResourceAsStream("answer-prompts.py")) {
            Files.copy(script, driver);
        }

        NpmCli.Result wrong = npm.start(work, java.util.List.of("python3", driver.toString(), "npm", "login",
                        "--auth-type=legacy", "--userconfig", npm.userconfig().toString(), "--cache", npm.cache().toString()),
                Map.of("PTY_PROMPTS", "Username:\nPassword:", "PTY_ANSWERS", "cli-dev\ngra_not-a-granary-token-at-all"))
                .finish();
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.out()).contains("E401").doesNotContain("gra_not-a-granary-token");
        assertThat(Files.readString(npm.userconfig())).doesNotContain("_authToken");

        NpmCli.Result login = npm.start(work, java.util.List.of("python3", driver.toString(), "npm", "login",
                        "--auth-type=legacy", "--userconfig", npm.userconfig().toString(), "--cache", npm.cache().toString()),
                Map.of("PTY_PROMPTS", "Username:\nPassword:", "PTY_ANSWERS", "cli-dev\n" + issued))
                .finish();
        assertThat(login.exit()).as("npm login: %s %s", login.out(), login.err()).isZero();
        assertThat(login.out()).contains("Logged in").doesNotContain(issued);
        String session = storedToken(npm);
        assertThat(session).startsWith("gra_").isNotEqualTo(issued);

        provesAndRevokes(npm, session, issued, "cli-dev", "legacy-login-pkg");
    }

    /** The stored token answers whoami and publishes; logout removes and revokes it, not the issued one. */
    private void provesAndRevokes(NpmCli npm, String session, String issued, String name, String pkg) throws IOException {
        assertThat(npm.run(work, "whoami").ok().out().strip()).isEqualTo(name);
        npm.run(NpmCli.writePackage(work.resolve("packages"), pkg, "1.0.0", Map.of()), "publish").ok();
        assertThat(npm.run(work, "view", pkg, "version").ok().out().strip()).isEqualTo("1.0.0");

        npm.run(work, "logout").ok();
        assertThat(Files.readString(npm.userconfig())).doesNotContain(session);
        given().auth().oauth2(session).get("/npm/npm-local/-/whoami").then().statusCode(401);
        given().auth().oauth2(session).get("/npm/npm-local/" + pkg).then().statusCode(401);
        given().auth().oauth2(issued).get("/npm/npm-local/-/whoami").then().statusCode(200)
                .body("username", org.hamcrest.Matchers.equalTo(name));
    }

    private static String registry() {
        return "http://127.0.0.1:" + RestAssured.port + "/npm/" + NpmTestRepositories.LOCAL + "/";
    }

    private static String loginUrlIn(NpmCli.Running login) {
        Matcher m = LOGIN_URL.matcher(login.outSoFar());
        return m.find() ? m.group(1) : null;
    }

    private static String storedToken(NpmCli npm) throws IOException {
        Matcher m = STORED_TOKEN.matcher(Files.readString(npm.userconfig()));
        assertThat(m.find()).as("npm stored a token in %s", npm.userconfig()).isTrue();
        return m.group(1);
    }
}
