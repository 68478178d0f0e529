package dev.chatnet.gateway;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's port when it has a certificate: TLS only. A client that speaks clear text
 * there, or says nothing while the server waits for its TLS hello (the chatnet protocol has
 * the server speak first), gets one clear-text error line saying so, then the connection
 * closes.
 */
final class TlsPort {

  static final String REFUSAL = "This server speaks TLS only: connect with --tls"
      + " (and --tls-ca FILE when its certificate is not in the system's trust store).";
  /** A TLS client sends its hello as soon as it connects; a clear-text one waits for ours. */
  private static final long HELLO_WAIT_MILLIS = 3000;
  private static final ByteBuf REFUSAL_LINE = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(
      (Frames.encode(new Frame.Error(null, "TLS_REQUIRED", REFUSAL)) + "\n").getBytes(StandardCharsets.UTF_8)).asReadOnly());

  private final SslContext context;
  /** The handshake's signing and key checks run here, not on the event loop. */
  private final Executor handshakeWork;

  private TlsPort(SslContext context, Executor handshakeWork) {
    this.context = context;
    this.handshakeWork = handshakeWork;
  }

  /** The port's TLS setup, or null when neither file is set. */
  static TlsPort from(Vertx vertx, GatewaySettings settings) {
    if (settings.tlsCert().isEmpty() && settings.tlsKey().isEmpty()) {
      return null;
    }
    if (settings.tlsCert().isEmpty() || settings.tlsKey().isEmpty()) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both, or neither for clear text");
    }
    try {
      PemKeyCertOptions pem = new PemKeyCertOptions().setCertPath(settings.tlsCert()).setKeyPath(settings.tlsKey());
      SslContext context = SslContextBuilder.forServer(pem.getKeyManagerFactory(vertx))
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
      return new TlsPort(context, VertxInternals.workerExecutor(vertx));
    } catch (Exception e) {
      throw new IllegalArgumentException("Could not use the TLS certificate " + settings.tlsCert()
          + " and key " + settings.tlsKey() + ": " + e.getMessage(), e);
    }
  }

  /** Puts TLS in front of {@code client}, which starts its session once the handshake is done. */
  void install(Channel child, ClientChannel client) {
    child.pipeline().addLast(new Detector(), client);
  }

  private static void refuse(Channel channel) {
    channel.writeAndFlush(REFUSAL_LINE.duplicate()).addListener(ChannelFutureListener.CLOSE);
  }

  /** Tells a TLS hello from clear text by the first bytes, and replaces itself accordingly. */
  private final class Detector extends OptionalSslHandler {

    Detector() {
      super(context);
    }

    /** Runs once the channel is on its event loop. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      ctx.executor().schedule(() -> {
        if (!ctx.isRemoved()) {
          refuse(ctx.channel());
        }
      }, HELLO_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected SslHandler newSslHandler(ChannelHandlerContext ctx, SslContext sslContext) {
      return sslContext.newHandler(ctx.alloc(), handshakeWork);
    }

    @Override
    protected ChannelHandler newNonSslHandler(ChannelHandlerContext ctx) {
      refuse(ctx.channel());
      return new Discard();
    }
  }

  /** What a clear-text client sends after the refusal is not read. */
  private static final class Discard extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }
  }
}
