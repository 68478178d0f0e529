package dev.chatnet.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ServerChannel;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.concurrent.Executor;

/**
 * Everything the gateway takes from Vert.x's internal API, in one place. Why it does: a
 * {@code NetServer} gives every connection a {@code NetSocket} whose outbound queue allocates
 * about 4 KiB when the connection opens, more than an idle client may cost in all (4 KiB of
 * heap, with its socket, session and directory entry). So the gateway drives Netty channels
 * itself ({@link Listener}, {@link ClientChannel}), but on Vert.x's own transport, acceptor
 * and event loops, inside the verticle's context, writing Vert.x buffers without a copy.
 * None of this is public API and a Vert.x release may change it: {@code VertxInternalsTest}
 * checks each thing relied on here against the Vert.x in use.
 */
final class VertxInternals {

  private VertxInternals() {
  }

  /** A listening socket of the transport Vert.x chose (NIO, epoll, io_uring), not yet registered. */
  static ServerChannel newServerChannel(Vertx vertx) {
    return ((VertxInternal) vertx).transport().serverChannelFactory(false).newChannel();
  }

  /** Registers a listening socket on Vert.x's acceptor event loop, as a NetServer's is. */
  static ChannelFuture registerAcceptor(Vertx vertx, ServerChannel channel) {
    return ((VertxInternal) vertx).acceptorEventLoopGroup().register(channel);
  }

  /** Registers an accepted connection on the event loop of {@code context}, so its callbacks run on its thread. */
  static ChannelFuture registerOn(Context context, Channel child) {
    return ((ContextInternal) context).nettyEventLoop().register(child);
  }

  /** Runs {@code handler} now, on the calling thread (the context's own), with {@code context} current. */
  static <E> void dispatch(Context context, E event, Handler<E> handler) {
    ((ContextInternal) context).dispatch(event, handler);
  }

  static void dispatch(Context context, Handler<Void> handler) {
    ((ContextInternal) context).dispatch(handler);
  }

  /**
   * The bytes of {@code buffer} as a Netty buffer, without a copy and with indices of its own:
   * one buffer may be written to many channels, and writing it does not consume or free it.
   */
  static ByteBuf byteBuf(Buffer buffer) {
    return ((BufferInternal) buffer).getByteBuf();
  }

  /** Vert.x's internal worker pool, for work that must not hold up an event loop (TLS handshakes). */
  static Executor workerExecutor(Vertx vertx) {
    return ((VertxInternal) vertx).internalWorkerPool().executor();
  }
}
