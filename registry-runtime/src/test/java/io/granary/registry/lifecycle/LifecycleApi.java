package io.granary.registry.lifecycle;

import static io.restassured.RestAssured.given;

import io.granary.registry.testsupport.GranaryTestResources;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HexFormat;
import org.eclipse.microprofile.config.ConfigProvider;

/** The retention and garbage-collection admin API as tests call it, plus direct SQL where a test must set up facts. */
final class LifecycleApi {

    static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;

    private LifecycleApi() {
    }

    /** Runs retention and answers the report; grace 0s so the run's garbage collection frees what it deleted. */
    static JsonPath retention(String repository, JsonObject rules, boolean dryRun) {
        JsonObject body = new JsonObject().put("rules", rules).put("dryRun", dryRun).put("grace", "0s");
        return given().auth().oauth2(ADMIN).contentType("application/json").body(body.encode())
                .post("/api/v1/repositories/" + repository + "/retention")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Runs garbage collection with the given grace and answers its report. */
    static JsonPath collect(String grace) {
        return given().auth().oauth2(ADMIN).queryParam("grace", grace).post("/api/v1/gc")
                .then().statusCode(200).extract().jsonPath();
    }

    /** A JDBC connection to the test database (the runtime itself talks to it reactively). */
    static Connection database() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
