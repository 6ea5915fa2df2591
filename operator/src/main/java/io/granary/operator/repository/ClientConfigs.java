package io.granary.operator.repository;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready-made client configuration for one token: the keys of an access Secret besides the token itself. Each format
 * gets the file its clients read (npm .npmrc, Maven settings.xml, pip pip.conf, OCI .dockerconfigjson); the token
 * doubles as the basic-auth password, with the role name as user name.
 */
public final class ClientConfigs {

    private ClientConfigs() {
    }

    /**
     * Secret string data for a token.
     *
     * @param registryUrl base URL of the registry, e.g. http://default.platform.svc:8080
     * @param repositoryUrl the repository's own URL (status.url)
     */
    public static Map<String, String> of(RepositoryFormat format, String repository, String registryUrl, String repositoryUrl,
                                         String user, String token) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("token", token);
        data.put("username", user);
        data.put("url", repositoryUrl);
        URI base = URI.create(registryUrl);
        String hostPort = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
        switch (format) {
            case NPM -> data.put(".npmrc", "registry=" + repositoryUrl + "\n"
                    + "//" + hostPort + URI.create(repositoryUrl).getPath() + ":_authToken=" + token + "\n"
                    + "always-auth=true\n");
            // Preemptive Basic auth: Maven's Wagon otherwise asks for every file without credentials
            // first and repeats each request after the 401, doubling the requests of a resolve.
            case MAVEN -> data.put("settings.xml", """
                    <settings xmlns="http://maven.apache.org/SETTINGS/1.2.0">
                      <servers>
                        <server>
                          <id>%1$s</id>
                          <username>%2$s</username>
                          <password>%3$s</password>
                          <configuration>
                            <httpConfiguration>
                              <all>
                                <usePreemptive>true</usePreemptive>
                              </all>
                            </httpConfiguration>
                          </configuration>
                        </server>
                      </servers>
                      <profiles>
                        <profile>
                          <id>%1$s</id>
                          <repositories>
                            <repository>
                              <id>%1$s</id>
                              <url>%4$s</url>
                            </repository>
                          </repositories>
                        </profile>
                      </profiles>
                      <activeProfiles>
                        <activeProfile>%1$s</activeProfile>
                      </activeProfiles>
                    </settings>
                    """.formatted(xml(repository), xml(user), xml(token), xml(repositoryUrl)));
            case PYPI -> data.put("pip.conf", "[global]\nindex-url = " + base.getScheme() + "://" + user + ":" + token + "@"
                    + hostPort + URI.create(repositoryUrl).getPath() + "simple/\n");
            case OCI, HELM -> data.put(".dockerconfigjson", "{\"auths\":{\"" + hostPort + "\":{\"username\":\"" + user
                    + "\",\"password\":\"" + token + "\",\"auth\":\"" + Base64.getEncoder().encodeToString(
                    (user + ":" + token).getBytes(StandardCharsets.UTF_8)) + "\"}}}");
            case GENERIC -> data.put(".netrc", "machine " + base.getHost() + " login " + user + " password " + token + "\n");
        }
        return data;
    }

    /** The repository's URL under its registry's base URL, per format's URL layout. */
    public static String repositoryUrl(RepositoryFormat format, String registryUrl, String repository) {
        String base = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
        return switch (format) {
            case OCI -> base + "/v2/" + repository + "/";
            default -> base + "/" + format.wireName() + "/" + repository + "/";
        };
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
