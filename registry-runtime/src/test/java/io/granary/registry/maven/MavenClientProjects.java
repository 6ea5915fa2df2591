package io.granary.registry.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Generates the projects and settings the real-client test runs {@code mvn} on: a multi-module
 * project to deploy (a pom-packaged parent; a library with sources, javadoc and an extra classifier;
 * an application depending on it) and a consumer that only resolves.
 */
final class MavenClientProjects {

    static final String GROUP = "io.granary.clienttest";

    /**
     * Plugins Maven 3.8.7 needs for these projects: its default bindings for deploy, install and
     * resources, the dependency plugin for resolving, and the build's own compiler/jar/surefire;
     * versions come from the parent pom through surefire, and the registry-runtime build fetches them.
     */
    static final List<String[]> PLUGINS = List.of(
            plugin("deploy", "2.7"), plugin("install", "2.4"), plugin("resources", "2.6"), plugin("dependency", "2.8"),
            plugin("compiler", "3.14.0"), plugin("jar", "3.4.2"), plugin("surefire", "3.5.2"));

    private MavenClientProjects() {
    }

    /**
     * settings.xml: credentials for Granary's repositories (unless {@code token} is null), and
     * "central" mirrored to the machine's local repository as a file:// repository, so the plugins
     * come from there and no request leaves this machine. Granary is reached on 127.0.0.1, which
     * Maven's plain-HTTP blocker exempts.
     */
    static Path settings(Path dir, String name, String baseUrl, String token, Path pluginRepository) throws IOException {
        StringBuilder servers = new StringBuilder();
        if (token != null) {
            for (String id : List.of("granary-releases", "granary-snapshots")) {
                servers.append("    <server><id>").append(id).append("</id><username>ci</username><password>")
                        .append(token).append("</password></server>\n");
            }
        }
        String xml = """
                <settings>
                  <servers>
                %s  </servers>
                  <mirrors>
                    <mirror><id>machine-plugins</id><mirrorOf>central</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                  <profiles>
                    <profile>
                      <id>granary</id>
                      <repositories>
                        <repository><id>granary-releases</id><url>%s/maven-releases</url>
                          <releases><checksumPolicy>fail</checksumPolicy></releases>
                          <snapshots><enabled>false</enabled></snapshots></repository>
                        <repository><id>granary-snapshots</id><url>%s/maven-snapshots</url>
                          <releases><enabled>false</enabled></releases>
                          <snapshots><checksumPolicy>fail</checksumPolicy><updatePolicy>always</updatePolicy></snapshots>
                        </repository>
                      </repositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>granary</activeProfile></activeProfiles>
                </settings>
                """.formatted(servers, pluginRepository.toUri(), baseUrl, baseUrl);
        Path file = dir.resolve(name);
        Files.writeString(file, xml);
        return file;
    }

    /** The multi-module project at {@code version}; rewritten in place for each version. */
    static Path deployable(Path dir, String version, String baseUrl) throws IOException {
        Path root = dir.resolve("deployable");
        write(root.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>parent</artifactId>
                  <version>%s</version>
                  <packaging>pom</packaging>
                  <modules><module>lib</module><module>app</module></modules>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <maven.compiler.release>17</maven.compiler.release>
                  </properties>
                  <distributionManagement>
                    <repository><id>granary-releases</id><url>%s/maven-releases</url></repository>
                    <snapshotRepository><id>granary-snapshots</id><url>%s/maven-snapshots</url></snapshotRepository>
                  </distributionManagement>
                  <build><pluginManagement><plugins>
                %s  </plugins></pluginManagement></build>
                </project>
                """.formatted(GROUP, version, baseUrl, baseUrl, pluginManagement()));
        write(root.resolve("lib/pom.xml"), module("lib", version, "", """
                <build><plugins><plugin>
                  <groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId>
                  <executions>
                    <execution><id>sources</id><goals><goal>jar</goal></goals>
                      <configuration><classifier>sources</classifier><classesDirectory>${basedir}/src/main/java</classesDirectory></configuration></execution>
                    <execution><id>javadoc</id><goals><goal>jar</goal></goals>
                      <configuration><classifier>javadoc</classifier><classesDirectory>${basedir}/src/javadoc</classesDirectory></configuration></execution>
                    <execution><id>extra</id><goals><goal>jar</goal></goals>
                      <configuration><classifier>extra</classifier><classesDirectory>${basedir}/src/extra</classesDirectory></configuration></execution>
                  </executions>
                </plugin></plugins></build>
                """));
        write(root.resolve("lib/src/main/java/io/granary/clienttest/Greeting.java"),
                "package io.granary.clienttest;\n\npublic final class Greeting {\n    public static String text() {\n"
                        + "        return \"hello " + version + "\";\n    }\n}\n");
        write(root.resolve("lib/src/javadoc/index.html"), "<html><body>Greeting " + version + "</body></html>\n");
        write(root.resolve("lib/src/extra/extra.txt"), "extra " + version + "\n");
        write(root.resolve("app/pom.xml"), module("app", version, """
                <dependencies><dependency><groupId>%s</groupId><artifactId>lib</artifactId><version>%s</version></dependency></dependencies>
                """.formatted(GROUP, version), ""));
        write(root.resolve("app/src/main/java/io/granary/clienttest/App.java"),
                "package io.granary.clienttest;\n\npublic final class App {\n    public static void main(String[] args) {\n"
                        + "        System.out.println(Greeting.text());\n    }\n}\n");
        return root;
    }

    /** A project that only depends, on the given {@code artifactId:version[:classifier]} of GROUP. */
    static Path consumer(Path dir, String name, List<String> dependencies) throws IOException {
        Path root = dir.resolve(name);
        StringBuilder deps = new StringBuilder();
        for (String dependency : dependencies) {
            String[] parts = dependency.split(":");
            deps.append("    <dependency><groupId>").append(GROUP).append("</groupId><artifactId>").append(parts[0])
                    .append("</artifactId><version>").append(parts[1]).append("</version>");
            if (parts.length > 2) {
                deps.append("<classifier>").append(parts[2]).append("</classifier>");
            }
            deps.append("</dependency>\n");
        }
        write(root.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>io.granary.clienttest.consumer</groupId>
                  <artifactId>%s</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <dependencies>
                %s  </dependencies>
                </project>
                """.formatted(name, deps));
        return root;
    }

    /** A plugin at the version the build hands over (the parent pom's), else the one given (when run from an IDE). */
    private static String[] plugin(String name, String fallbackVersion) {
        return new String[] {"maven-" + name + "-plugin",
                System.getProperty("maven-client-test." + name + "-plugin.version", fallbackVersion)};
    }

    /** The dependency plugin's {@code resolve} goal at the version the build fetched. */
    static String resolveGoal() {
        String[] dependency = PLUGINS.get(3);
        return "org.apache.maven.plugins:" + dependency[0] + ":" + dependency[1] + ":resolve";
    }

    private static String module(String artifactId, String version, String dependencies, String build) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent><groupId>%s</groupId><artifactId>parent</artifactId><version>%s</version></parent>
                  <artifactId>%s</artifactId>
                %s%s</project>
                """.formatted(GROUP, version, artifactId, dependencies, build);
    }

    private static String pluginManagement() {
        StringBuilder xml = new StringBuilder();
        for (String[] plugin : PLUGINS) {
            xml.append("    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>").append(plugin[0])
                    .append("</artifactId><version>").append(plugin[1]).append("</version></plugin>\n");
        }
        return xml.toString();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
