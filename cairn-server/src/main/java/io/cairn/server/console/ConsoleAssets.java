package io.cairn.server.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The console's files, read once from the class path ({@code ui/index.html} and everything under
 * {@code ui/assets/}), each kept as is and gzipped.
 *
 * <p>{@link #hash()} is a hash of every asset's name and content: the assets are served under
 * {@code /ui/assets/HASH/}, so a browser may keep them forever, and a server with other assets
 * names other URLs. The page ({@code index.html}) refers to them through the placeholder
 * {@value #ASSETS_PLACEHOLDER}, replaced by that path when loaded.
 *
 * <p>Immutable once loaded; safe to share between event loops.
 */
public final class ConsoleAssets {

    /** In index.html: replaced by {@code /ui/assets/HASH}. */
    public static final String ASSETS_PLACEHOLDER = "{{assets}}";
    private static final String ROOT = "ui";

    private final String hash;
    private final ConsoleFile page;
    private final Map<String, ConsoleFile> assets;

    private ConsoleAssets(String hash, ConsoleFile page, Map<String, ConsoleFile> assets) {
        this.hash = hash;
        this.page = page;
        this.assets = assets;
    }

    /**
     * Reads the console from {@code loader}'s {@code ui/} folder, in a jar or a directory.
     *
     * @throws UncheckedIOException when the folder is missing or unreadable (a broken build)
     */
    public static ConsoleAssets load(ClassLoader loader) {
        URL index = loader.getResource(ROOT + "/index.html");
        if (index == null) {
            throw new UncheckedIOException(new IOException("the console's ui/index.html is not on the class path"));
        }
        try {
            URI uri = index.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem jar;
                try {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    jar = FileSystems.getFileSystem(uri); // another node in this JVM opened it
                }
                return read(jar.provider().getPath(uri).getParent());
            }
            return read(Path.of(uri).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's files", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConsoleAssets read(Path root) throws IOException {
        Map<String, byte[]> raw = new TreeMap<>();
        Path assetRoot = root.resolve("assets");
        try (Stream<Path> files = Files.walk(assetRoot)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                raw.put(assetRoot.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, byte[]> e : raw.entrySet()) {
            digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(e.getValue());
        }
        String hash = HexFormat.of().formatHex(digest.digest(), 0, 6);
        Map<String, ConsoleFile> assets = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : raw.entrySet()) {
            assets.put(e.getKey(), file(e.getKey(), e.getValue()));
        }
        String html = Files.readString(root.resolve("index.html"), StandardCharsets.UTF_8)
                .replace(ASSETS_PLACEHOLDER, "/ui/assets/" + hash);
        return new ConsoleAssets(hash, file("index.html", html.getBytes(StandardCharsets.UTF_8)), Map.copyOf(assets));
    }

    private static ConsoleFile file(String name, byte[] content) {
        return new ConsoleFile(contentType(name), content, gzip(content));
    }

    /** The content type by extension; anything unknown is served as bytes, which browsers will not run. */
    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        switch (ext) {
            case "html":
                return "text/html; charset=utf-8";
            case "js":
                return "text/javascript; charset=utf-8";
            case "css":
                return "text/css; charset=utf-8";
            case "svg":
                return "image/svg+xml";
            case "png":
                return "image/png";
            case "ico":
                return "image/x-icon";
            case "json":
                return "application/json";
            default:
                return "application/octet-stream";
        }
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 3 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    /** The hash that names this set of assets (12 hex digits). */
    public String hash() {
        return hash;
    }

    /** The page every console path answers with. */
    public ConsoleFile page() {
        return page;
    }

    /** The asset at {@code name} (relative to {@code ui/assets/}, e.g. {@code app.js}), or null. */
    public ConsoleFile asset(String name) {
        return assets.get(name);
    }
}
