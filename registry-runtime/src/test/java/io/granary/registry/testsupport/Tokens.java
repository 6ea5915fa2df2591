package io.granary.registry.testsupport;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

/** Issues tokens through the admin API, as an operator or a person would. */
public final class Tokens {

    private Tokens() {
    }

    /** A new token holding {@code role} on {@code repository}; returns its secret. */
    public static String issue(String name, String repository, String role) {
        return given()
                .auth().oauth2(GranaryTestResources.ADMIN_TOKEN)
                .contentType("application/json")
                .body(Map.of("name", name, "grants", List.of(Map.of("repository", repository, "role", role))))
                .post("/api/v1/tokens")
                .then().statusCode(201)
                .extract().path("token");
    }
}
