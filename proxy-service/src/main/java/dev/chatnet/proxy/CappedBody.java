package dev.chatnet.proxy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/** A response body buffered up to a limit; past it the response fails instead of growing. */
final class CappedBody implements BodyCodec<Buffer> {

  private final long max;

  CappedBody(long max) {
    this.max = max;
  }

  @Override
  public BodyStream<Buffer> stream() {
    return new Stream();
  }

  private final class Stream implements BodyStream<Buffer> {

    private final Buffer body = Buffer.buffer();
    private final Promise<Buffer> result = Promise.promise();

    @Override
    public Future<Buffer> result() {
      return result.future();
    }

    @Override
    public void handle(Throwable failure) {
      result.tryFail(failure);
    }

    @Override
    public Future<Void> write(Buffer data) {
      if (result.future().isComplete()) {
        return Future.failedFuture("the body is complete");
      }
      if (body.length() + (long) data.length() > max) {
        OriginFailure tooLarge = new OriginFailure(OriginFailure.Kind.TOO_LARGE,
            "The response is larger than the proxy's limit of " + max + " bytes.");
        result.tryFail(tooLarge);
        return Future.failedFuture(tooLarge);
      }
      body.appendBuffer(data);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      result.tryComplete(body);
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
