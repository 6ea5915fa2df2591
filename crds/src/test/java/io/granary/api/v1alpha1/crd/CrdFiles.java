package io.granary.api.v1alpha1.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns what crd-generator-maven-plugin wrote into the checked-in {@code crds/generated/*.yaml}: one file per CRD,
 * named after the CRD, with the two things the plugin cannot express fixed up — printer columns in the order the Java
 * type declares them (the plugin sorts them by JSONPath, which puts Age first) and the kind's description taken from
 * {@link JsonClassDescription} (the plugin ignores it, leaving kubectl explain blank).
 */
final class CrdFiles {

    static final String REFRESH_COMMAND = "mvn -B -pl crds install -Dgranary.crds.update=true";

    static final Path PLUGIN_OUTPUT = Path.of(System.getProperty("granary.crds.pluginOutput", "target/classes/META-INF/fabric8"));
    static final Path CHECKED_IN = Path.of(System.getProperty("granary.crds.checkedIn", "generated"));

    private static final String HEADER = "# Generated from the Java types in crds/src/main/java by the crds build. Do not edit.\n"
            + "# Refresh after changing the types: " + REFRESH_COMMAND + "\n";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private CrdFiles() {
    }

    /** The checked-in file name and content of every CRD the plugin generated, sorted by file name. */
    static Map<String, String> render() {
        Map<String, String> files = new TreeMap<>();
        for (CustomResourceDefinition crd : pluginOutput()) {
            files.put(crd.getMetadata().getName() + ".yaml", HEADER + SERIALIZATION.asYaml(crd));
        }
        return files;
    }

    /** The CRDs the plugin generated, polished as they are checked in. */
    static List<CustomResourceDefinition> pluginOutput() {
        try (Stream<Path> files = Files.list(PLUGIN_OUTPUT)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-v1.yml"))
                    .sorted()
                    .map(CrdFiles::read)
                    .map(CrdFiles::polish)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no CRDs under " + PLUGIN_OUTPUT + "; did crd-generator-maven-plugin run?", e);
        }
    }

    /** The current content of {@code crds/generated/*.yaml}, by file name. */
    static Map<String, String> checkedIn() {
        if (!Files.isDirectory(CHECKED_IN)) {
            return Map.of();
        }
        try (Stream<Path> files = Files.list(CHECKED_IN)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .collect(Collectors.toMap(p -> p.getFileName().toString(), CrdFiles::readString, (a, b) -> a, TreeMap::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code crds/generated/*.yaml} with {@code files}, removing CRDs that are no longer generated. */
    static void write(Map<String, String> files) throws IOException {
        Files.createDirectories(CHECKED_IN);
        for (String stale : checkedIn().keySet()) {
            if (!files.containsKey(stale)) {
                Files.delete(CHECKED_IN.resolve(stale));
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(CHECKED_IN.resolve(file.getKey()), file.getValue());
        }
    }

    private static CustomResourceDefinition read(Path file) {
        return SERIALIZATION.unmarshal(readString(file), CustomResourceDefinition.class);
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CustomResourceDefinition polish(CustomResourceDefinition crd) {
        Class<? extends CustomResource<?, ?>> type = GranaryKinds.byKind(crd.getSpec().getNames().getKind());
        JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
        List<String> columnOrder = declaredColumnOrder(type);
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (description != null) {
                version.getSchema().getOpenAPIV3Schema().setDescription(description.value());
            }
            if (version.getAdditionalPrinterColumns() != null) {
                version.setAdditionalPrinterColumns(version.getAdditionalPrinterColumns().stream()
                        .sorted(Comparator.comparingInt(column -> rank(columnOrder, column)))
                        .toList());
            }
        }
        return crd;
    }

    /** Column names in the order the Java type declares them: @PrinterColumn spec fields, then @AdditionalPrinterColumn. */
    private static List<String> declaredColumnOrder(Class<?> type) {
        List<String> names = new ArrayList<>();
        Type spec = ((ParameterizedType) type.getGenericSuperclass()).getActualTypeArguments()[0];
        for (Field field : ((Class<?>) spec).getDeclaredFields()) {
            PrinterColumn column = field.getAnnotation(PrinterColumn.class);
            if (column != null) {
                names.add(column.name());
            }
        }
        for (AdditionalPrinterColumn column : type.getAnnotationsByType(AdditionalPrinterColumn.class)) {
            names.add(column.name());
        }
        return names;
    }

    private static int rank(List<String> columnOrder, CustomResourceColumnDefinition column) {
        int index = columnOrder.indexOf(column.getName());
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}
