package io.granary.registry.standalone;

import io.granary.registry.config.GranaryConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Tells a person who just ran the standalone command where Granary is and how to use it. The admin
 * token is printed only at first start; later starts say where it is kept.
 */
@ApplicationScoped
public class StandaloneBanner {

    void onStart(@Observes StartupEvent event, GranaryConfig granary) {
        if (!granary.standalone().enabled()) {
            return;
        }
        var config = ConfigProvider.getConfig();
        String host = config.getValue("quarkus.http.host", String.class);
        int port = config.getValue("quarkus.http.port", Integer.class);
        String url = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port;
        boolean first = granary.standalone().firstStart();
        String tokenFile = granary.standalone().tokenFile().orElse("");
        String token = granary.auth().adminToken().orElse("");
        String shownToken = first ? token : "$(cat " + tokenFile + ")";
        StringBuilder out = new StringBuilder("\n");
        out.append("Granary is serving at ").append(url).append('\n');
        out.append("  database:     ").append(granary.standalone().database().orElse("?")).append('\n');
        out.append("  blobs:        ").append(config.getValue("granary.storage.filesystem.root", String.class)).append('\n');
        out.append("  repositories: ").append(granary.catalog().directory()).append('\n');
        if (first) {
            out.append("  admin token:  ").append(token).append("   (shown once; also kept in ").append(tokenFile).append(")\n");
        } else if (!tokenFile.isEmpty()) {
            out.append("  admin token:  kept in ").append(tokenFile).append('\n');
        } else {
            out.append("  admin token:  the one you passed with --admin-token / GRANARY_ADMIN_TOKEN\n");
            shownToken = "$GRANARY_ADMIN_TOKEN";
        }
        out.append("Try it:\n");
        out.append("  echo hello > hello.txt\n");
        out.append("  curl -H \"Authorization: Bearer ").append(shownToken).append("\" -T hello.txt ")
                .append(url).append("/generic/generic-local/greetings/hello.txt\n");
        out.append("  curl -H \"Authorization: Bearer ").append(shownToken).append("\" ")
                .append(url).append("/generic/generic-local/greetings/hello.txt\n");
        System.out.println(out);
        System.out.flush();
    }
}
