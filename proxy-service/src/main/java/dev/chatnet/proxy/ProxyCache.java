package dev.chatnet.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared on-disk cache: one file per entry, named by the SHA-256 of its URL, written to a
 * temporary file in the same directory and moved into place atomically, so no reader (in
 * this process or another instance sharing the directory) ever sees half an entry. The file
 * is the truth; the in-memory index (least recently used first) serves eviction and is
 * rebuilt from the directory at start. All file work runs on worker threads.
 */
final class ProxyCache {

  private static final Logger log = LoggerFactory.getLogger(ProxyCache.class);
  private static final String SUFFIX = ".entry";
  private static final long STALE_TEMP_MILLIS = 10 * 60 * 1000;

  /** What the index keeps of an entry. */
  record Indexed(String id, String url, String domain, String lastModified, long storedAt, String etag, long size) {
  }

  private final Vertx vertx;
  private final Path dir;
  private final long maxBytes;
  // Event-loop confined; access order makes the first entry the least recently used.
  private final LinkedHashMap<String, Indexed> index = new LinkedHashMap<>(16, 0.75f, true);
  private long totalBytes;

  ProxyCache(Vertx vertx, Path dir, long maxBytes) {
    this.vertx = vertx;
    this.dir = dir;
    this.maxBytes = maxBytes;
  }

  /** Creates the directory and rebuilds the index from the entries in it. */
  Future<Void> start() {
    return vertx.executeBlocking(this::scan).map(found -> {
      found.forEach(this::remember);
      log.debug("Proxy cache at {}: {} entries, {} bytes", dir, index.size(), totalBytes);
      return null;
    });
  }

  private java.util.List<Indexed> scan() throws IOException {
    Files.createDirectories(dir);
    java.util.List<java.util.Map.Entry<FileTime, Indexed>> found = new java.util.ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(".tmp")) {
          removeAbandoned(file);
        } else if (name.endsWith(SUFFIX)) {
          Indexed entry = readIndexed(file);
          if (entry != null) {
            found.add(java.util.Map.entry(Files.getLastModifiedTime(file), entry));
          }
        }
      }
    }
    // Oldest use first, so the access-ordered index starts with the least recently used.
    found.sort(java.util.Map.Entry.comparingByKey());
    return found.stream().map(java.util.Map.Entry::getValue).toList();
  }

  /** A temporary file older than any write in progress was left by an instance that died mid-write. */
  private static void removeAbandoned(Path file) {
    try {
      if (System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis() > STALE_TEMP_MILLIS) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // Another instance removed it.
    }
  }

  private static Indexed readIndexed(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      JsonObject meta = new JsonObject(in.readLine());
      long size = Files.size(file);
      return new Indexed(meta.getString("id"), meta.getString("url"), meta.getString("domain"),
          meta.getString("lastModified"), meta.getLong("storedAt"), meta.getString("etag"), size);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String key(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return scheme + "://" + host + ":" + Origin.portOf(uri) + path + query;
  }

  static String idOf(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path fileOf(String id) {
    return dir.resolve(id + SUFFIX);
  }

  /** The stored entry for {@code uri} that {@code request} selects, or null. */
  Future<CacheEntry> lookup(URI uri, MultiMap request) {
    String id = idOf(key(uri));
    Path file = fileOf(id);
    return vertx.executeBlocking(() -> {
      try {
        byte[] bytes = Files.readAllBytes(file);
        // Other instances see this use when they rebuild their index.
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        return Buffer.buffer(bytes);
      } catch (NoSuchFileException e) {
        return null;
      }
    }, false).map(bytes -> {
      if (bytes == null) {
        index.remove(id);
        return null;
      }
      CacheEntry entry = CacheEntry.fromFile(bytes);
      if (entry == null || !entry.id().equals(id)) {
        log.warn("Ignoring a broken cache entry {}", file.getFileName());
        return null;
      }
      remember(indexed(entry, bytes.length()));
      return entry.matches(request) ? entry : null;
    });
  }

  /** Writes the entry (replacing any earlier one for its URL), then evicts past the size bound. */
  Future<Void> store(CacheEntry entry) {
    Buffer bytes = entry.toFile();
    Path target = fileOf(entry.id());
    Path temp = dir.resolve(entry.id() + "." + UUID.randomUUID() + ".tmp");
    return vertx.executeBlocking(() -> {
      Files.createDirectories(dir);
      Files.write(temp, bytes.getBytes());
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.deleteIfExists(temp);
        throw e;
      }
      return null;
    }, false).compose(v -> {
      remember(indexed(entry, bytes.length()));
      return evict();
    });
  }

  CacheEntry newEntry(URI uri, MultiMap request, Fetched fetched, long now) {
    String key = key(uri);
    return new CacheEntry(idOf(key), key, uri.getHost().toLowerCase(Locale.ROOT), fetched.status(), fetched.reason(),
        storedHeaders(fetched.headers()), CacheEntry.varyOf(fetched.headers(), request), now, now, fetched.body());
  }

  /** Hop-by-hop headers describe one connection, not the response. */
  private static MultiMap storedHeaders(MultiMap headers) {
    MultiMap copy = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    HopByHop.strip(copy);
    return copy;
  }

  /** After a 304: the stored body with the headers the origin just sent, fresh from now. */
  CacheEntry revalidated(CacheEntry entry, MultiMap notModified, long now) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(entry.headers());
    MultiMap fresh = storedHeaders(notModified);
    for (String name : fresh.names()) {
      if (!name.equalsIgnoreCase("Content-Length")) {
        headers.set(name, fresh.getAll(name));
      }
    }
    return new CacheEntry(entry.id(), entry.url(), entry.domain(), entry.status(), entry.reason(), headers,
        entry.vary(), now, now, entry.body());
  }

  Future<Void> remove(URI uri) {
    String id = idOf(key(uri));
    Indexed gone = index.remove(id);
    if (gone != null) {
      totalBytes -= gone.size();
    }
    return vertx.executeBlocking(() -> Files.deleteIfExists(fileOf(id)), false).mapEmpty();
  }

  private static Indexed indexed(CacheEntry entry, long size) {
    return new Indexed(entry.id(), entry.url(), entry.domain(), entry.headers().get("Last-Modified"), entry.storedAt(),
        entry.headers().get("ETag"), size);
  }

  private void remember(Indexed entry) {
    Indexed old = index.put(entry.id(), entry);
    totalBytes += entry.size() - (old == null ? 0 : old.size());
  }

  private Future<Void> evict() {
    java.util.List<String> victims = new java.util.ArrayList<>();
    var it = index.values().iterator();
    while (totalBytes > maxBytes && it.hasNext()) {
      Indexed oldest = it.next();
      it.remove();
      totalBytes -= oldest.size();
      victims.add(oldest.id());
    }
    if (victims.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      for (String id : victims) {
        Files.deleteIfExists(fileOf(id));
      }
      return null;
    }, false).mapEmpty();
  }

  /** The index entry for {@code uri}, or null: for tests and logs. */
  Indexed indexed(URI uri) {
    return index.get(idOf(key(uri)));
  }

  int size() {
    return index.size();
  }

  long totalBytes() {
    return totalBytes;
  }
}
