package dev.chatnet.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request through the shared cache and out to the origin, the same for the menu and for
 * the forward-proxy port: a fresh stored copy answers at once, a stale one is revalidated
 * with a conditional request, and what HTTP lets a shared cache keep is stored.
 */
final class Fetcher {

  private static final Logger log = LoggerFactory.getLogger(Fetcher.class);
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final Origin origin;
  private final ProxyCache cache;

  Fetcher(Origin origin, ProxyCache cache) {
    this.origin = origin;
    this.cache = cache;
  }

  /** @param useCache whether this request may be answered from, and stored in, the cache */
  Future<Fetched> fetch(Outbound request, boolean useCache, boolean follow) {
    if (!useCache) {
      return origin.fetch(request, follow);
    }
    if (!request.method().equals("GET")) {
      return origin.fetch(request, follow).compose(answer -> invalidateAfter(request, answer));
    }
    if (CachePolicy.forbidsStore(request.headers())) {
      return origin.fetch(request, follow);
    }
    return cache.lookup(request.uri(), request.headers()).compose(entry -> {
      if (entry == null) {
        return origin.fetch(request, follow).compose(answer -> keep(request, answer));
      }
      if (entry.fresh(System.currentTimeMillis()) && !CachePolicy.demandsRevalidation(request.headers())) {
        return origin.sourceFor(request.uri()).map(source -> served(entry, request, source));
      }
      return revalidate(request, entry, follow);
    });
  }

  private Future<Fetched> revalidate(Outbound request, CacheEntry entry, boolean follow) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
    String etag = entry.headers().get("ETag");
    String lastModified = entry.headers().get("Last-Modified");
    if (etag == null && lastModified == null) {
      return origin.fetch(request, follow).compose(answer -> keep(request, answer));
    }
    if (etag != null) {
      headers.set("If-None-Match", etag);
    }
    if (lastModified != null) {
      headers.set("If-Modified-Since", lastModified);
    }
    Outbound conditional = new Outbound(request.method(), request.uri(), headers, null);
    return origin.fetch(conditional, follow).compose(answer -> {
      if (answer.status() != 304) {
        return keep(request, answer);
      }
      CacheEntry renewed = cache.revalidated(entry, answer.headers(), System.currentTimeMillis());
      return cache.store(renewed)
          .onFailure(err -> log.warn("Could not renew cache entry {}: {}", entry.id(), err.toString()))
          .transform(v -> Future.succeededFuture(served(renewed, request, answer.sourceAddress())));
    });
  }

  /** Stores the answer when HTTP allows a shared cache to; answers once it is written. */
  private Future<Fetched> keep(Outbound request, Fetched answer) {
    boolean sameResource = ProxyCache.key(answer.uri()).equals(ProxyCache.key(request.uri()));
    if (!sameResource || !CachePolicy.storable(request.headers(), answer.status(), answer.headers())) {
      return Future.succeededFuture(answer);
    }
    return cache.store(cache.newEntry(request.uri(), request.headers(), answer, System.currentTimeMillis()))
        .onFailure(err -> log.warn("Could not store {} in the cache: {}", request.uri().getHost(), err.toString()))
        .transform(v -> Future.succeededFuture(answer));
  }

  /** A successful unsafe request (POST, PUT, DELETE) makes the stored copy of its URL out of date. */
  private Future<Fetched> invalidateAfter(Outbound request, Fetched answer) {
    if (SAFE.contains(request.method()) || answer.status() >= 400) {
      return Future.succeededFuture(answer);
    }
    return cache.remove(request.uri()).transform(v -> Future.succeededFuture(answer));
  }

  /** A stored answer, with its Age (RFC 9111 §5.1) so the client knows how old it is. */
  private static Fetched served(CacheEntry entry, Outbound request, String source) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(entry.headers());
    long age = Math.max(0, System.currentTimeMillis() - entry.responseTime()) + CachePolicy.initialAgeMillis(entry.headers());
    headers.set("Age", String.valueOf(age / 1000));
    return new Fetched(request.uri(), entry.status(), entry.reason(), headers, entry.body(), source, true);
  }
}
