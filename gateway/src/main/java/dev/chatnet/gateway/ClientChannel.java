package dev.chatnet.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * A client's TCP connection, driven from Netty's pipeline instead of a Vert.x {@code NetSocket}:
 * a NetSocket allocates a 4 KiB outbound queue for every connection when it opens, more than
 * an idle client may cost in all. The channel is registered on the event loop of the gateway
 * verticle that took it, and every callback runs in that verticle's context, so the session
 * and its bus requests stay on one thread as they would with a NetSocket. What it needs of
 * Vert.x's internals it gets from {@link VertxInternals}.
 */
final class ClientChannel extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ClientChannel.class);
  /** How long a closing connection may take to send what it still has queued. */
  private static final long CLOSE_GRACE_SECONDS = 10;

  private final GatewayVerticle gateway;
  private final Context context;
  /** The session starts once the TLS handshake is done, not when the connection opens. */
  private final boolean afterHandshake;
  private Channel channel;
  private Session session;
  /** Inside a read: answers written now go out with one flush when the read is done. */
  private boolean reading;
  private boolean flushPending;

  ClientChannel(GatewayVerticle gateway, Context context, boolean afterHandshake) {
    this.gateway = gateway;
    this.context = context;
    this.afterHandshake = afterHandshake;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    if (!afterHandshake) {
      VertxInternals.dispatch(context, v -> session = gateway.onConnect(this));
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (afterHandshake && event instanceof SslHandshakeCompletionEvent handshake) {
      if (handshake.isSuccess()) {
        VertxInternals.dispatch(context, v -> session = gateway.onConnect(this));
      } else {
        log.debug("TLS handshake from {} failed: {}", remoteHost(), handshake.cause().getMessage());
        ctx.close();
      }
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf bytes = (ByteBuf) msg;
    reading = true;
    try {
      if (session != null) {
        VertxInternals.dispatch(context, bytes, session::onBytes);
      } else {
        // The session could not be set up: nobody would answer.
        ctx.close();
      }
    } finally {
      // The framer copies what it keeps.
      bytes.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    if (flushPending) {
      flushPending = false;
      ctx.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (session != null && channel.isWritable()) {
      VertxInternals.dispatch(context, v -> session.onWritable());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (session != null) {
      VertxInternals.dispatch(context, v -> session.onClosed());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LoggingEventBuilder line = session == null ? log.atDebug() : session.about(log.atDebug());
    line.log("Connection from {} failed: {}", remoteHost(), cause.getMessage());
    ctx.close();
  }

  /**
   * Writes and flushes, or, while the client's bytes are being read, flushes once the read is
   * done, as a NetSocket does. A buffer may be shared by many connections; it is not consumed.
   */
  void write(Buffer bytes) {
    ByteBuf buffer = VertxInternals.byteBuf(bytes);
    if (reading) {
      channel.write(buffer, channel.voidPromise());
      flushPending = true;
    } else {
      channel.writeAndFlush(buffer, channel.voidPromise());
    }
  }

  /** True while the client is not reading fast enough for what it was sent. */
  boolean writeQueueFull() {
    return !channel.isWritable();
  }

  void pauseReading() {
    channel.config().setAutoRead(false);
  }

  void resumeReading() {
    channel.config().setAutoRead(true);
  }

  /** Closes once what was written has gone out, or after a grace period if the client does not read. */
  void end() {
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    channel.eventLoop().schedule(() -> {
      channel.close();
    }, CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
  }

  String remoteHost() {
    return channel != null && channel.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
        ? address.getAddress().getHostAddress()
        : "unknown";
  }
}
