package dev.chatnet.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared cache, in two tiers. The disk tier is the truth, shared by every instance: one
 * file per entry, named by the SHA-256 of its URL (and, for a response that varies, of the
 * request headers that select it), written to a temporary file in the same directory and
 * moved into place atomically, so no reader ever sees half an entry. In front of it, each
 * instance keeps its recently used entries in memory (up to {@code proxy-cache-memory-bytes}),
 * so a hit costs no file work and no worker thread; instances tell each other over the event
 * bus which entries they replaced or removed, and drop their copies of those.
 *
 * <p>The index of every entry (least recently used first) serves eviction and is rebuilt from
 * the directory at start, in the order of the files' modification times; uses are written to
 * those times in the background, not per hit. Event-loop confined.
 */
final class ProxyCache {

  private static final Logger log = LoggerFactory.getLogger(ProxyCache.class);
  static final String CHANGED_ADDRESS = "chatnet.proxy.cache.changed";
  private static final String SUFFIX = ".entry";
  private static final long STALE_TEMP_MILLIS = 10 * 60 * 1000;
  private static final long TOUCH_INTERVAL_MILLIS = 30_000;
  /** Enough for any entry's metadata line, which holds only its response headers. */
  private static final int FIRST_READ = 64 * 1024;

  /** What the index keeps of an entry. */
  record Indexed(String id, String url, String domain, String lastModified, long storedAt, String etag, long size) {
  }

  private final Vertx vertx;
  private final Path dir;
  private final long maxBytes;
  private final long memoryBytes;
  private final String instance = UUID.randomUUID().toString();
  private final LinkedHashMap<String, Indexed> index = new LinkedHashMap<>(16, 0.75f, true);
  private final LinkedHashMap<String, CacheEntry> hot = new LinkedHashMap<>(16, 0.75f, true);
  private final Set<String> touched = new HashSet<>();
  private long totalBytes;
  private long hotBytes;
  private long touchTimer = -1;
  private MessageConsumer<JsonObject> changes;
  private final Counter evictions;

  ProxyCache(Vertx vertx, Path dir, long maxBytes, long memoryBytes, MeterRegistry meters) {
    this.vertx = vertx;
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.memoryBytes = memoryBytes;
    evictions = Counter.builder("chatnet.proxy.cache.evictions")
        .description("Entries removed to keep the cache under proxy-cache-max-bytes").register(meters);
    Gauge.builder("chatnet.proxy.cache.bytes", this, ProxyCache::totalBytes).tag("tier", "disk").baseUnit("bytes")
        .description("Bytes in the cache's tiers").register(meters);
    Gauge.builder("chatnet.proxy.cache.bytes", this, c -> c.hotBytes).tag("tier", "memory").baseUnit("bytes")
        .description("Bytes in the cache's tiers").register(meters);
  }

  /** Creates the directory, rebuilds the index from the entries in it, and listens for other instances' changes. */
  Future<Void> start() {
    changes = vertx.eventBus().consumer(CHANGED_ADDRESS, message -> {
      if (!instance.equals(message.body().getString("from"))) {
        message.body().getJsonArray("ids").forEach(id -> forgetHot(String.valueOf(id)));
      }
    });
    touchTimer = vertx.setPeriodic(TOUCH_INTERVAL_MILLIS, t -> persistUses());
    return changes.completion().compose(v -> vertx.executeBlocking(this::scan)).map(found -> {
      found.forEach(this::remember);
      log.debug("Proxy cache at {}: {} entries, {} bytes", dir, index.size(), totalBytes);
      return null;
    });
  }

  Future<Void> close() {
    vertx.cancelTimer(touchTimer);
    persistUses();
    return changes == null ? Future.succeededFuture() : changes.unregister();
  }

  private List<Indexed> scan() throws IOException {
    Files.createDirectories(dir);
    List<Map.Entry<FileTime, Indexed>> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(".tmp")) {
          removeAbandoned(file);
        } else if (name.endsWith(SUFFIX)) {
          Indexed entry = readIndexed(file);
          if (entry != null) {
            found.add(Map.entry(Files.getLastModifiedTime(file), entry));
          }
        }
      }
    }
    // Oldest use first, so the access-ordered index starts with the least recently used.
    found.sort(Map.Entry.comparingByKey());
    return found.stream().map(Map.Entry::getValue).toList();
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

  /** The id of the variant that {@code vary} (the selecting headers' values) picks; a response that varies on nothing has the URL's. */
  static String variantId(String key, Map<String, String> vary) {
    if (vary.isEmpty()) {
      return idOf(key);
    }
    StringBuilder secondary = new StringBuilder(key);
    new TreeMap<>(vary).forEach((name, value) -> secondary.append('\n').append(name).append(": ").append(value));
    return idOf(secondary.toString());
  }

  private Path fileOf(String id) {
    return dir.resolve(id + SUFFIX);
  }

  /** The stored entry for {@code uri} that {@code request} selects, or null. */
  Future<CacheEntry> lookup(URI uri, MultiMap request) {
    String key = key(uri);
    return load(idOf(key)).compose(base -> {
      if (base == null || !base.isMarker()) {
        return Future.succeededFuture(selected(base, request));
      }
      return load(variantId(key, CacheEntry.varyOf(base.varyNames(), request))).map(variant -> selected(variant, request));
    });
  }

  private static CacheEntry selected(CacheEntry entry, MultiMap request) {
    if (entry == null || (!entry.isMarker() && entry.matches(request))) {
      return entry;
    }
    entry.body().release();
    return null;
  }

  /**
   * From memory when it is there, else from its file, without blocking the event loop: an entry
   * small enough for memory is read whole and kept there; a larger one keeps its file open and
   * is streamed from it when sent.
   */
  private Future<CacheEntry> load(String id) {
    CacheEntry cached = hot.get(id);
    if (cached != null) {
      used(id);
      return Future.succeededFuture(cached);
    }
    Path path = fileOf(id);
    return vertx.fileSystem().open(path.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .compose(file -> read(id, file).onComplete(read -> {
          if (read.failed() || read.result() == null || read.result().body().inMemory()) {
            file.close();
          }
        }))
        .map(entry -> {
          if (entry == null) {
            log.warn("Ignoring a broken cache entry {}", path.getFileName());
            return null;
          }
          used(id);
          return entry;
        })
        .otherwise(err -> {
          if (!(err instanceof NoSuchFileException) && !(err.getCause() instanceof NoSuchFileException)) {
            log.debug("Cache entry {} unreadable: {}", id, err.toString());
          }
          Indexed gone = index.remove(id);
          if (gone != null) {
            totalBytes -= gone.size();
          }
          return null;
        });
  }

  /** The entry in an open file, or null when the file holds no whole entry of that id. */
  private Future<CacheEntry> read(String id, AsyncFile file) {
    return file.size().compose(size -> file.read(Buffer.buffer(), 0, 0, (int) Math.min(size, FIRST_READ))
        .compose(start -> {
          int end = CacheEntry.headerEnd(start);
          JsonObject meta = end < 0 ? null : CacheEntry.metadataOf(start, end);
          if (meta == null || !id.equals(meta.getString("id")) || meta.getLong("bodyLength") != size - end - 1) {
            return Future.succeededFuture(null);
          }
          if (size > memoryBytes / 8) {
            CacheEntry entry = CacheEntry.of(meta, Body.ofFile(file, end + 1, size - end - 1));
            if (entry != null) {
              remember(indexed(entry, size));
            }
            return Future.succeededFuture(entry);
          }
          Future<Buffer> whole = start.length() == size ? Future.succeededFuture(start)
              : file.read(start, start.length(), start.length(), (int) (size - start.length()));
          return whole.map(bytes -> {
            CacheEntry entry = CacheEntry.of(meta, Body.of(bytes.getBuffer(end + 1, bytes.length())));
            if (entry != null) {
              remember(indexed(entry, size));
              keepHot(entry);
            }
            return entry;
          });
        }));
  }

  private void used(String id) {
    index.get(id); // access order
    touched.add(id);
  }

  /** Writes the entry (replacing any earlier one of its id), then evicts past the size bound. */
  Future<Void> store(CacheEntry entry) {
    List<CacheEntry> writes = new ArrayList<>();
    String baseId = idOf(entry.url());
    if (!entry.varyNames().isEmpty()) {
      CacheEntry marker = hot.get(baseId);
      if (marker == null || !marker.isMarker() || !marker.varyNames().equals(entry.varyNames())) {
        writes.add(CacheEntry.marker(baseId, entry.url(), entry.domain(), entry.varyNames(), entry.storedAt()));
      }
    }
    writes.add(entry);
    List<Buffer> files = writes.stream().map(CacheEntry::toFile).toList();
    return vertx.executeBlocking(() -> {
      Files.createDirectories(dir);
      for (int i = 0; i < writes.size(); i++) {
        write(writes.get(i).id(), files.get(i));
      }
      return null;
    }, false).compose(v -> {
      for (int i = 0; i < writes.size(); i++) {
        remember(indexed(writes.get(i), files.get(i).length()));
        keepHot(writes.get(i));
      }
      announce(writes.stream().map(CacheEntry::id).toList());
      return evict();
    });
  }

  /**
   * Stores {@code renewed}, the headers of a 304 on {@code old}'s body. A body kept on disk is
   * copied from file to file on a worker thread, and only while the file still holds
   * {@code old}: an entry stored meanwhile by another request is newer and stays.
   */
  Future<Void> renew(CacheEntry old, CacheEntry renewed) {
    if (renewed.body().inMemory()) {
      return store(renewed);
    }
    Buffer header = renewed.fileHeader();
    long bodyLength = renewed.body().length();
    return vertx.executeBlocking(() -> copyRenewed(old, header, bodyLength), false).compose(copied -> {
      if (!copied) {
        return Future.succeededFuture();
      }
      remember(indexed(renewed, header.length() + bodyLength));
      forgetHot(renewed.id());
      announce(List.of(renewed.id()));
      return evict();
    });
  }

  private boolean copyRenewed(CacheEntry old, Buffer header, long bodyLength) throws IOException {
    Path path = fileOf(old.id());
    Path temp = dir.resolve(old.id() + "." + UUID.randomUUID() + ".tmp");
    try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer start = ByteBuffer.allocate((int) Math.min(FIRST_READ, in.size()));
      while (start.hasRemaining() && in.read(start, start.position()) > 0) {
        // Fills the buffer from the file's start.
      }
      Buffer first = Buffer.buffer(start.array());
      int end = CacheEntry.headerEnd(first);
      JsonObject meta = end < 0 ? null : CacheEntry.metadataOf(first, end);
      boolean same = meta != null && meta.getLong("responseTime") == old.responseTime()
          && meta.getLong("storedAt") == old.storedAt() && meta.getLong("bodyLength") == bodyLength
          && in.size() == end + 1 + bodyLength;
      if (!same) {
        return false;
      }
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(ByteBuffer.wrap(header.getBytes()));
        long done = 0;
        while (done < bodyLength) {
          done += in.transferTo(end + 1 + done, bodyLength - done, out);
        }
      }
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return true;
    } catch (NoSuchFileException e) {
      return false; // Evicted or removed meanwhile: nothing to renew.
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private void write(String id, Buffer bytes) throws IOException {
    Path temp = dir.resolve(id + "." + UUID.randomUUID() + ".tmp");
    Files.write(temp, bytes.getBytes());
    try {
      Files.move(temp, fileOf(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /** A new entry from an origin's answer to {@code request}, sent at {@code requestTime}. */
  CacheEntry newEntry(URI uri, MultiMap request, Fetched fetched, long requestTime, long now) {
    String key = key(uri);
    MultiMap headers = storedHeaders(fetched.headers());
    var vary = CacheEntry.varyOf(CachePolicy.varyNames(headers), request);
    return CacheEntry.of(variantId(key, vary), key, uri.getHost().toLowerCase(Locale.ROOT), fetched.status(),
        fetched.reason(), headers, vary, now, CachePolicy.correctedInitialAgeMillis(headers, requestTime, now), now,
        fetched.sourceAddress(), fetched.body());
  }

  /** Hop-by-hop headers describe one connection, not the response. */
  private static MultiMap storedHeaders(MultiMap headers) {
    MultiMap copy = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    HopByHop.strip(copy);
    copy.remove("X-Cache");
    return copy;
  }

  /** After a 304 (RFC 9111 §4.3.4): the stored body with the headers the origin just sent, its age from now. */
  CacheEntry revalidated(CacheEntry entry, MultiMap notModified, long requestTime, long now) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(entry.headers());
    MultiMap fresh = storedHeaders(notModified);
    for (String name : fresh.names()) {
      if (!name.equalsIgnoreCase("Content-Length")) {
        headers.set(name, fresh.getAll(name));
      }
    }
    if (!fresh.contains("Age")) {
      headers.remove("Age"); // The stored Age was of the old copy.
    }
    return CacheEntry.of(entry.id(), entry.url(), entry.domain(), entry.status(), entry.reason(), headers, entry.vary(),
        now, CachePolicy.correctedInitialAgeMillis(headers, requestTime, now), now, entry.source(), entry.body());
  }

  /** Removes what is stored for {@code uri}: its entry, or its marker and so every variant of it. */
  Future<Void> remove(URI uri) {
    String id = idOf(key(uri));
    Indexed gone = index.remove(id);
    if (gone != null) {
      totalBytes -= gone.size();
    }
    forgetHot(id);
    announce(List.of(id));
    return vertx.executeBlocking(() -> Files.deleteIfExists(fileOf(id)), false).mapEmpty();
  }

  private void announce(List<String> ids) {
    vertx.eventBus().publish(CHANGED_ADDRESS, new JsonObject().put("from", instance).put("ids", ids));
  }

  private static Indexed indexed(CacheEntry entry, long size) {
    return new Indexed(entry.id(), entry.url(), entry.domain(), entry.headers().get("Last-Modified"), entry.storedAt(),
        entry.headers().get("ETag"), size);
  }

  private void remember(Indexed entry) {
    Indexed old = index.put(entry.id(), entry);
    totalBytes += entry.size() - (old == null ? 0 : old.size());
  }

  /** Keeps the entry in memory when it is small enough, pushing out the least recently used. */
  private void keepHot(CacheEntry entry) {
    forgetHot(entry.id());
    if (entry.size() > memoryBytes / 8) {
      return;
    }
    hot.put(entry.id(), entry);
    hotBytes += entry.size();
    var it = hot.values().iterator();
    while (hotBytes > memoryBytes && it.hasNext()) {
      CacheEntry oldest = it.next();
      it.remove();
      hotBytes -= oldest.size();
    }
  }

  private void forgetHot(String id) {
    CacheEntry old = hot.remove(id);
    if (old != null) {
      hotBytes -= old.size();
    }
  }

  /** Writes recent uses to the files' times, so an index rebuilt at start knows what is least used. */
  private void persistUses() {
    if (touched.isEmpty()) {
      return;
    }
    List<Path> files = touched.stream().map(this::fileOf).toList();
    touched.clear();
    FileTime now = FileTime.fromMillis(System.currentTimeMillis());
    vertx.executeBlocking(() -> {
      for (Path file : files) {
        try {
          Files.setLastModifiedTime(file, now);
        } catch (IOException e) {
          // Evicted or replaced meanwhile.
        }
      }
      return null;
    }, false);
  }

  private Future<Void> evict() {
    List<String> victims = new ArrayList<>();
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
    victims.forEach(this::forgetHot);
    evictions.increment(victims.size());
    return vertx.executeBlocking(() -> {
      for (String id : victims) {
        Files.deleteIfExists(fileOf(id));
      }
      return null;
    }, false).mapEmpty();
  }

  /** The index entry for {@code uri}'s response without Vary, or null: for tests and logs. */
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
