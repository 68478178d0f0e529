package dev.chatnet.proxy;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.http.HttpServerResponse;

/**
 * A response body: bytes in memory, or a range of a cache file that stays open until the body
 * is sent or dropped, so what is sent is the entry that was looked up even when another
 * instance replaces or evicts the file meanwhile, and a large entry goes out as it is read
 * instead of whole in memory. A file body is used once: {@link #sendTo}, {@link #head} or
 * {@link #release} closes it, and whoever drops one unused releases it.
 */
final class Body {

  static final Body EMPTY = new Body(Buffer.buffer(), null, 0, 0);
  private static final int READ_CHUNK = 64 * 1024;

  private final Buffer bytes;
  private final OpenFile file;
  private final long offset;
  private final long length;

  /** The open file, shared by a body and its slices, closed once. */
  private static final class OpenFile {
    final AsyncFile handle;
    boolean closed;

    OpenFile(AsyncFile handle) {
      this.handle = handle;
    }
  }

  private Body(Buffer bytes, OpenFile file, long offset, long length) {
    this.bytes = bytes;
    this.file = file;
    this.offset = offset;
    this.length = length;
  }

  static Body of(Buffer bytes) {
    return new Body(bytes, null, 0, bytes.length());
  }

  /** {@code length} bytes of {@code file} from {@code offset}; the body owns the file from now on. */
  static Body ofFile(AsyncFile file, long offset, long length) {
    return new Body(null, new OpenFile(file), offset, length);
  }

  long length() {
    return length;
  }

  boolean inMemory() {
    return file == null;
  }

  /** The bytes of a body in memory. */
  Buffer bytes() {
    if (file != null) {
      throw new IllegalStateException("A file body is read as it is sent");
    }
    return bytes;
  }

  /** Bytes {@code from} (inclusive) to {@code to} (exclusive); a file body's slice takes over its file. */
  Body slice(long from, long to) {
    return file == null ? of(bytes.getBuffer((int) from, (int) to)) : new Body(null, file, offset + from, to - from);
  }

  /** Up to {@code max} bytes from the start, and the body released. */
  Future<Buffer> head(int max) {
    int wanted = (int) Math.min(max, length);
    if (file == null) {
      return Future.succeededFuture(wanted == length ? bytes : bytes.getBuffer(0, wanted));
    }
    return file.handle.read(Buffer.buffer(wanted), 0, offset, wanted).andThen(done -> release());
  }

  /** Ends {@code response} with the body; a file body is piped with the response's back-pressure, then closed. */
  void sendTo(HttpServerResponse response) {
    if (file == null) {
      response.end(bytes);
      return;
    }
    response.putHeader("Content-Length", String.valueOf(length));
    file.handle.setReadBufferSize(READ_CHUNK).setReadPos(offset).setReadLength(length);
    file.handle.pipeTo(response).onComplete(done -> release());
  }

  void release() {
    if (file != null && !file.closed) {
      file.closed = true;
      file.handle.close();
    }
  }
}
