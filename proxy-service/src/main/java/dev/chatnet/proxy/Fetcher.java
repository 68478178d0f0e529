package dev.chatnet.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request through the shared cache and out to the origin, the same for the menu and for
 * the forward-proxy port (RFC 9111 §4): a stored response that is fresh enough for the request
 * answers at once; a stale one is revalidated with the cache's own conditional request, or used
 * stale where the origin allows it (stale-while-revalidate, stale-if-error, or an origin that
 * cannot be reached); what HTTP lets a shared cache keep is stored. The client's own
 * conditional and range requests are answered from the stored response.
 */
final class Fetcher {

  private static final Logger log = LoggerFactory.getLogger(Fetcher.class);
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  /** The client's own preconditions and range: answered here against the stored response. */
  private static final List<String> CLIENT_CONDITIONS = List.of("If-None-Match", "If-Modified-Since", "If-Range", "Range");
  private static final Set<Integer> ERRORS = Set.of(500, 502, 503, 504);

  private final Origin origin;
  private final ProxyCache cache;
  private final Counter hits;
  private final Counter misses;
  private final Counter revalidations;
  /** Entries being revalidated in the background, so a busy URL sends one request, not one per hit. */
  private final Set<String> refreshing = new HashSet<>();

  Fetcher(Origin origin, ProxyCache cache, MeterRegistry meters) {
    this.origin = origin;
    this.cache = cache;
    hits = Counter.builder("chatnet.proxy.cache.hits").description("Requests answered from the cache without the origin")
        .register(meters);
    misses = Counter.builder("chatnet.proxy.cache.misses").description("Cacheable requests with nothing stored for them")
        .register(meters);
    revalidations = Counter.builder("chatnet.proxy.cache.revalidations")
        .description("Stored responses checked with the origin (in the background too)").register(meters);
  }

  /** @param useCache whether this request may be answered from, and stored in, the cache */
  Future<Fetched> fetch(Outbound request, boolean useCache, boolean follow) {
    if (!useCache || request.method().equals("HEAD")) {
      return origin.fetch(request, follow);
    }
    if (!request.method().equals("GET")) {
      return origin.fetch(request, follow).compose(answer -> invalidateAfter(request, answer));
    }
    if (CachePolicy.forbidsStore(request.headers())) {
      return origin.fetch(request, follow);
    }
    return cache.lookup(request.uri(), request.headers()).compose(entry -> {
      Map<String, String> wants = CachePolicy.directives(request.headers());
      if (entry == null) {
        misses.increment();
        if (wants.containsKey("only-if-cached")) {
          return Future.succeededFuture(notCached(request));
        }
        long sent = System.currentTimeMillis();
        return origin.fetch(request, follow).compose(answer -> keep(request, answer, sent));
      }
      long now = System.currentTimeMillis();
      if (usable(entry, request.headers(), wants, now)) {
        hits.increment();
        return Future.succeededFuture(CachedAnswers.answer(entry, request.uri(), request.headers(), now));
      }
      if (wants.containsKey("only-if-cached")) {
        entry.body().release();
        return Future.succeededFuture(notCached(request));
      }
      Long swr = entry.rules().seconds("stale-while-revalidate");
      if (swr != null && !CachePolicy.demandsRevalidation(request.headers())
          && entry.ageMillis(now) - entry.lifetimeMillis() <= swr * 1000) {
        hits.increment();
        if (refreshing.add(entry.id())) {
          refresh(request, entry, follow).onComplete(done -> refreshing.remove(entry.id()));
        }
        return Future.succeededFuture(CachedAnswers.answer(entry, request.uri(), request.headers(), now));
      }
      return revalidate(request, entry, follow);
    });
  }

  /** Whether the stored response may answer the request without the origin (RFC 9111 §4.2, §5.2.1). */
  private static boolean usable(CacheEntry entry, MultiMap request, Map<String, String> wants, long now) {
    if (CachePolicy.demandsRevalidation(request)) {
      return false;
    }
    long age = entry.ageMillis(now);
    long lifetime = entry.lifetimeMillis();
    Long maxAge = CachePolicy.deltaSeconds(wants.get("max-age"));
    if (maxAge != null && age > maxAge * 1000) {
      return false;
    }
    Long minFresh = CachePolicy.deltaSeconds(wants.get("min-fresh"));
    if (minFresh != null && lifetime - age < minFresh * 1000) {
      return false;
    }
    if (age < lifetime) {
      return true;
    }
    if (!wants.containsKey("max-stale") || entry.rules().forbidsStale()) {
      return false;
    }
    Long maxStale = CachePolicy.deltaSeconds(wants.get("max-stale"));
    return maxStale == null || age - lifetime <= maxStale * 1000;
  }

  /** The cache's own conditional request for the stored entry: the client's conditions out, the entry's validators in. */
  private static Outbound conditionalFor(Outbound request, CacheEntry entry) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
    CLIENT_CONDITIONS.forEach(headers::remove);
    String etag = entry.headers().get("ETag");
    String lastModified = entry.headers().get("Last-Modified");
    if (etag != null) {
      headers.set("If-None-Match", etag);
    }
    if (lastModified != null) {
      headers.set("If-Modified-Since", lastModified);
    }
    return new Outbound(request.method(), request.uri(), headers, null, request.interim());
  }

  private static boolean validatable(CacheEntry entry) {
    return entry.headers().contains("ETag") || entry.headers().contains("Last-Modified");
  }

  /** A background revalidation (stale-while-revalidate): it updates the cache and answers no one, so the body being sent is left alone. */
  private Future<Void> refresh(Outbound request, CacheEntry entry, boolean follow) {
    revalidations.increment();
    Outbound conditional = conditionalFor(request, entry);
    long sent = System.currentTimeMillis();
    return origin.fetch(conditional, follow).compose(answer -> {
      if (answer.status() == 304 && validatable(entry)) {
        return cache.renew(entry, cache.revalidated(entry, answer.headers(), sent, System.currentTimeMillis()));
      }
      return keep(conditional, answer, sent).<Void>mapEmpty();
    });
  }

  private Future<Fetched> revalidate(Outbound request, CacheEntry entry, boolean follow) {
    revalidations.increment();
    Outbound conditional = conditionalFor(request, entry);
    long sent = System.currentTimeMillis();
    return origin.fetch(conditional, follow).transform(result -> {
      long now = System.currentTimeMillis();
      if (result.failed()) {
        // An origin that cannot be reached leaves the cache disconnected (RFC 9111 §4.2.4).
        if (!entry.rules().forbidsStale() || staleIfError(entry, now)) {
          return Future.succeededFuture(CachedAnswers.answer(entry, request.uri(), request.headers(), now));
        }
        entry.body().release();
        return Future.failedFuture(result.cause());
      }
      Fetched answer = result.result();
      if (ERRORS.contains(answer.status()) && staleIfError(entry, now)) {
        return Future.succeededFuture(CachedAnswers.answer(entry, request.uri(), request.headers(), now));
      }
      if (answer.status() != 304 || !validatable(entry)) {
        entry.body().release();
        return keep(conditional, answer, sent).map(kept -> CachedAnswers.conditional(kept, request.headers(), now));
      }
      CacheEntry renewed = cache.revalidated(entry, answer.headers(), sent, now);
      return cache.renew(entry, renewed)
          .onFailure(err -> log.warn("Could not renew cache entry {}: {}", entry.id(), err.toString()))
          .transform(v -> Future.succeededFuture(CachedAnswers.answer(renewed, request.uri(), request.headers(), now)));
    });
  }

  private static boolean staleIfError(CacheEntry entry, long now) {
    Long window = entry.rules().seconds("stale-if-error");
    return window != null && entry.ageMillis(now) - entry.lifetimeMillis() <= window * 1000;
  }

  /** Stores the answer when HTTP allows a shared cache to; answers once it is written. */
  private Future<Fetched> keep(Outbound request, Fetched answer, long sent) {
    boolean sameResource = ProxyCache.key(answer.uri()).equals(ProxyCache.key(request.uri()));
    if (!sameResource || request.headers().contains("Range")
        || !CachePolicy.storable(request.headers(), answer.status(), answer.headers())) {
      return Future.succeededFuture(answer);
    }
    return cache.store(cache.newEntry(request.uri(), request.headers(), answer, sent, System.currentTimeMillis()))
        .onFailure(err -> log.warn("Could not store {} in the cache: {}", request.uri().getHost(), err.toString()))
        .transform(v -> Future.succeededFuture(answer));
  }

  /**
   * A successful unsafe request (POST, PUT, DELETE, or a method the cache does not know) makes
   * the stored copies of its URL, and of the URLs its Location and Content-Location name on the
   * same origin, out of date (RFC 9111 §4.4).
   */
  private Future<Fetched> invalidateAfter(Outbound request, Fetched answer) {
    if (SAFE.contains(request.method()) || answer.status() >= 400) {
      return Future.succeededFuture(answer);
    }
    List<Future<Void>> removed = new java.util.ArrayList<>();
    removed.add(cache.remove(request.uri()));
    for (String header : List.of("Location", "Content-Location")) {
      URI target = sameOrigin(request.uri(), answer.headers().get(header));
      if (target != null) {
        removed.add(cache.remove(target));
      }
    }
    return Future.join(removed).transform(v -> Future.succeededFuture(answer));
  }

  private static URI sameOrigin(URI base, String reference) {
    if (reference == null || reference.isBlank()) {
      return null;
    }
    try {
      URI target = base.resolve(reference.trim());
      boolean same = target.getHost() != null && target.getScheme() != null
          && target.getScheme().equalsIgnoreCase(base.getScheme()) && target.getHost().equalsIgnoreCase(base.getHost())
          && Origin.portOf(target) == Origin.portOf(base);
      return same ? target : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** only-if-cached and nothing usable stored (RFC 9111 §5.2.1.7). */
  private static Fetched notCached(Outbound request) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain; charset=utf-8");
    return new Fetched(request.uri(), 504, "Gateway Timeout", headers,
        Body.of(Buffer.buffer("The request asked for a stored response only, and none is stored.\n")), "unknown", false);
  }
}
