package io.cairn.api.tls;

import io.cairn.api.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS material of one endpoint, following its PEM files: {@link #keyManager()} and
 * {@link #trustManager()} are handed once to whatever makes TLS connections (Vert.x, Ratis's
 * gRPC, {@code java.net.http}) and consult the current material on every handshake. When a
 * handshake finds that {@link #checkEvery} has passed since the last look, it compares the
 * files' modification times and sizes; if they changed it reads them again, and from then on
 * new handshakes present the new certificate and trust the new CA file. Connections already
 * established keep the session they negotiated.
 *
 * <p>A change that cannot be read (a file half written, a key that does not match its
 * certificate) is reported to {@code problems} and the previous material stays in force; it is
 * tried again at the next look. So replacing the files one by one is safe.
 *
 * <p>Thread safety: any thread may call; the lock guards the fields below it, and is taken at
 * most once per handshake for a few field reads.
 */
public final class TlsSource {

    /** How often, at most, a handshake looks at the files by default. */
    public static final Duration DEFAULT_CHECK_EVERY = Duration.ofSeconds(1);

    private final PemFiles files;
    private final Ticker ticker;
    private final long checkEveryNanos;
    private final Consumer<String> problems;
    private final Consumer<String> reloads;
    private final X509ExtendedKeyManager keyManager;
    private final X509ExtendedTrustManager trustManager;

    private final Object lock = new Object();
    /** The material in force, and the one before it (a handshake may have chosen its alias there). */
    private Material current;
    private Material previous;
    private List<String> stamp;
    private long lastCheck;
    private List<String> reportedStamp;

    /** Loaded material and its generation, which grows by one per reload. */
    record Material(long generation, PemFiles.Loaded loaded) {
    }

    /**
     * Reads the files once, so a node with unusable TLS files fails at start.
     *
     * @param problems told, once per change of the files, why a change could not be used
     * @param reloads told when a change was read and is now in force
     * @throws IOException when the files cannot be read or do not fit together
     */
    public TlsSource(PemFiles files, Ticker ticker, Duration checkEvery, Consumer<String> problems,
            Consumer<String> reloads) throws IOException {
        this.files = Objects.requireNonNull(files, "files");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.checkEveryNanos = checkEvery.toNanos();
        this.problems = problems;
        this.reloads = reloads;
        this.stamp = stamp(files);
        this.current = new Material(0, files.load());
        this.lastCheck = ticker.nanos();
        this.keyManager = new FollowingKeyManager(this);
        this.trustManager = new FollowingTrustManager(this);
    }

    /** A source for a client that reads its files once and never looks again. */
    public static TlsSource fixed(PemFiles files) throws IOException {
        return new TlsSource(files, Ticker.SYSTEM, Duration.ofDays(36_500), m -> { }, m -> { });
    }

    public PemFiles files() {
        return files;
    }

    /** True when this endpoint has a certificate to present. */
    public boolean hasCertificate() {
        return files.cert() != null;
    }

    /** Presents the current certificate; null aliases when this endpoint has none. */
    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    /** Verifies the other side against the current CA file. */
    public X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    /** A JDK TLS context over these managers, for {@code java.net.http} and plain sockets. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(hasCertificate() ? new KeyManager[] {keyManager} : null,
                    new TrustManager[] {trustManager}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context", e);
        }
    }

    /** The material in force, after looking at the files if it is time to. */
    Material current() {
        synchronized (lock) {
            long now = ticker.nanos();
            if (now - lastCheck >= checkEveryNanos) {
                lastCheck = now;
                reloadIfChanged();
            }
            return current;
        }
    }

    /** The material of a generation still in use by a handshake, or null when it is gone. */
    Material generation(long generation) {
        synchronized (lock) {
            if (current.generation() == generation) {
                return current;
            }
            return previous != null && previous.generation() == generation ? previous : null;
        }
    }

    /** Looks at the files now, whatever the time; true when new material is in force. For tests and tools. */
    public boolean reloadNow() {
        synchronized (lock) {
            lastCheck = ticker.nanos();
            return reloadIfChanged();
        }
    }

    private boolean reloadIfChanged() {
        List<String> now;
        try {
            now = stamp(files);
        } catch (IOException e) {
            report(null, "cannot read the TLS files: " + e.getMessage());
            return false;
        }
        if (now.equals(stamp)) {
            return false;
        }
        try {
            PemFiles.Loaded loaded = files.load();
            previous = current;
            current = new Material(current.generation() + 1, loaded);
            stamp = now;
            reloads.accept("TLS files reloaded: " + files);
            return true;
        } catch (IOException | RuntimeException e) {
            report(now, "the changed TLS files cannot be used yet, the previous ones stay in force: " + e.getMessage());
            return false;
        }
    }

    private void report(List<String> changed, String message) {
        if (changed == null || !changed.equals(reportedStamp)) {
            reportedStamp = changed;
            problems.accept(message);
        }
    }

    /** Each file's modification time and size: what a replacement changes. */
    private static List<String> stamp(PemFiles files) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path p : new Path[] {files.cert(), files.key(), files.ca()}) {
            if (p != null) {
                out.add(Files.getLastModifiedTime(p) + "/" + Files.size(p));
            }
        }
        return out;
    }
}
