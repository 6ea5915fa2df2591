package io.granary.registry.group;

import static io.restassured.RestAssured.given;

import io.granary.registry.testsupport.GranaryTestResources;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Tokens with grants on several repositories, issued through the admin API. */
public final class GroupTokens {

    private GroupTokens() {
    }

    /** A token reading each of {@code repositories}. */
    public static String reader(String name, String... repositories) {
        return issue(name, "reader", repositories);
    }

    public static String issue(String name, String role, String... repositories) {
        List<Map<String, String>> grants = Arrays.stream(repositories)
                .map(r -> Map.of("repository", r, "role", role)).toList();
        return given().auth().oauth2(GranaryTestResources.ADMIN_TOKEN).contentType("application/json")
                .body(Map.of("name", name, "grants", grants))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    }
}
