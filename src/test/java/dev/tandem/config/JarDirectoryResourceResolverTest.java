package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PackageScanResourceResolver;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.scan.DefaultPackageScanResourceResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code classpath:folder/*.ext} in a jar: found from the jar's directory, the same resources as Camel finds. */
class JarDirectoryResourceResolverTest {

    @TempDir
    Path work;

    @Test
    void should_find_the_matching_files_of_a_jar_and_read_them() throws Exception {
        Path jar = jar("routes/search.camel.yaml", "routes/ingest.camel.yaml", "routes/notes.txt",
                "other/routes.camel.yaml", "dev/tandem/Some.class");
        DefaultCamelContext context = new DefaultCamelContext();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            context.setApplicationContextClassLoader(loader);
            JarDirectoryResourceResolver.install(context);
            PackageScanResourceResolver resolver = PluginHelper.getPackageScanResourceResolver(context);
            assertThat(resolver).isInstanceOf(JarDirectoryResourceResolver.class);

            Collection<Resource> found = inJar(resolver.findResources("classpath:routes/*.camel.yaml"), jar);

            String inside = "file:" + jar + "!/";
            assertThat(found).extracting(Resource::getLocation).containsExactlyInAnyOrder(
                    inside + "routes/search.camel.yaml", inside + "routes/ingest.camel.yaml");
            for (Resource resource : found) {
                try (InputStream in = resource.getInputStream()) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                            .isEqualTo("content of " + resource.getLocation().substring(inside.length()));
                }
            }
            // what Camel's own resolver finds by reading the whole jar
            DefaultPackageScanResourceResolver camels = new DefaultPackageScanResourceResolver();
            camels.setCamelContext(context);
            camels.addClassLoader(loader);
            assertThat(found).extracting(Resource::getLocation).containsExactlyInAnyOrderElementsOf(
                    inJar(camels.findResources("classpath:routes/*.camel.yaml"), jar).stream()
                            .map(Resource::getLocation).toList());
        } finally {
            context.close();
        }
    }

    @Test
    void should_list_a_jar_file_without_reading_it_from_start_to_end() throws Exception {
        Path jar = jar("mcp-tools/ask.json", "mcp-tools/search_documents.json", "routes/search.camel.yaml");
        InputStream unreadable = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the whole jar was read through its stream");
            }
        };

        List<String> names = new JarDirectoryResourceResolver().doLoadImplementationsInJar("mcp-tools", unreadable,
                jar.toString(), null);

        assertThat(names).containsExactlyInAnyOrder("mcp-tools/ask.json", "mcp-tools/search_documents.json");
    }

    /** The test's class path holds Tandem's own route files too. */
    private static Collection<Resource> inJar(Collection<Resource> resources, Path jar) {
        return resources.stream().filter(r -> r.getLocation().contains(jar.toString())).toList();
    }

    private Path jar(String... entries) throws IOException {
        Path jar = work.resolve("app.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            // folders have entries of their own, as in the jars Maven builds: class loaders find folders by them
            for (String folder : Stream.of(entries).map(e -> e.substring(0, e.lastIndexOf('/') + 1)).distinct()
                    .toList()) {
                out.putNextEntry(new JarEntry(folder));
                out.closeEntry();
            }
            for (String entry : entries) {
                out.putNextEntry(new JarEntry(entry));
                out.write(("content of " + entry).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
