package io.granary.registry.group;

import io.granary.registry.testsupport.GranaryTestResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** {@link GranaryTestResources} plus, per format, two hosted members and groups over them. */
public class GroupTestResources extends GranaryTestResources {

    static final String YAML = members("maven", "{versionPolicy: mixed}") + members("npm", null)
            + members("pypi", null) + members("helm", null) + members("generic", null) + members("oci", null)
            + nesting();

    /** {@code <f>-a}, {@code <f>-b} hosted; {@code <f>-group} over both deploying to a; {@code <f>-readonly} without deploy. */
    private static String members(String format, String maven) {
        String extra = maven == null ? "" : ", maven: " + maven;
        return repository(format + "-a", "{format: " + format + ", type: hosted" + extra + "}")
                + repository(format + "-b", "{format: " + format + ", type: hosted" + extra + "}")
                + repository(format + "-group", "{format: " + format + ", type: group, members: [" + format + "-a, "
                        + format + "-b], deployMember: " + format + "-a}")
                + repository(format + "-readonly", "{format: " + format + ", type: group, members: [" + format + "-b, "
                        + format + "-a]}");
    }

    /**
     * Groups nesting too deep or in a cycle: {@code generic-nest-1} reaches generic-a through four
     * groups (the most allowed), {@code generic-nest-0} through five; {@code generic-cycle-x} and
     * {@code -y} name each other; {@code maven-cycle} names maven-a and itself.
     */
    private static String nesting() {
        StringBuilder yaml = new StringBuilder();
        for (int level = 0; level <= 4; level++) {
            yaml.append(group("generic", "generic-nest-" + level, level == 4 ? "generic-a" : "generic-nest-" + (level + 1)));
        }
        return yaml + group("generic", "generic-cycle-x", "generic-cycle-y") + group("generic", "generic-cycle-y", "generic-cycle-x")
                + group("maven", "maven-cycle", "maven-a, maven-cycle");
    }

    private static String group(String format, String name, String members) {
        return repository(name, "{format: " + format + ", type: group, members: [" + members + "]}");
    }

    static String repository(String name, String spec) {
        return "---\napiVersion: granary.io/v1alpha1\nkind: Repository\nmetadata: {name: " + name + "}\nspec: " + spec
                + "\n";
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        try {
            Files.writeString(catalogDir().resolve("group-repositories.yaml"), YAML);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }
}
