package dev.chatnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ServerChannel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@link VertxInternals} relies on, checked against the Vert.x in use, on a real socket on
 * 127.0.0.1: if an upgrade changes any of it, this fails and says what the gateway lost.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VertxInternalsTest {

  /** A verticle, for the kind of context a gateway verticle runs in. */
  private static final class Bare extends VerticleBase {

    Context context() {
      return context;
    }
  }

  private final LinkedBlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
  private ServerChannel server;
  private NetClient netClient;
  private Channel child;
  private Context context;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    Bare verticle = new Bare();
    vertx.deployVerticle(verticle).await(10, TimeUnit.SECONDS);
    context = verticle.context();
  }

  @AfterEach
  void close() throws Exception {
    if (netClient != null) {
      netClient.close().await(10, TimeUnit.SECONDS);
    }
    if (child != null) {
      child.close().await(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theInternalTypesAreTheOnesCastTo(Vertx vertx) {
    assertThat(vertx).as("Vertx must be a VertxInternal (Listener, TlsPort)").isInstanceOf(VertxInternal.class);
    assertThat(context).as("a verticle's context must be a ContextInternal (ClientChannel)").isInstanceOf(ContextInternal.class);
    assertThat(context.isEventLoopContext()).as("a verticle's context must be an event-loop context").isTrue();
    assertThat(Buffer.buffer("x")).as("Buffer.buffer must make a BufferInternal (ClientChannel.write)")
        .isInstanceOf(BufferInternal.class);
  }

  @Test
  void theTransportListensAndAConnectionRunsOnTheVerticlesEventLoopInItsContext(Vertx vertx) throws Exception {
    connect(vertx);
    ChannelFuture registered = VertxInternals.registerOn(context, child);
    assertThat(registered.await(10, TimeUnit.SECONDS) && registered.isSuccess())
        .as("an accepted connection must register on the verticle's event loop").isTrue();

    CompletableFuture<Thread> contextThread = new CompletableFuture<>();
    context.runOnContext(v -> contextThread.complete(Thread.currentThread()));
    AtomicReference<Context> current = new AtomicReference<>();
    AtomicReference<String> event = new AtomicReference<>();
    AtomicBoolean ranAtOnce = new AtomicBoolean();
    Thread loopThread = child.eventLoop().submit(() -> {
      VertxInternals.dispatch(context, "read", e -> {
        current.set(Vertx.currentContext());
        event.set(e);
      });
      ranAtOnce.set(event.get() != null);
      return Thread.currentThread();
    }).get(10, TimeUnit.SECONDS);

    assertThat(loopThread).as("the connection's event loop must be the verticle's thread")
        .isSameAs(contextThread.get(10, TimeUnit.SECONDS));
    assertThat(ranAtOnce).as("dispatch must run the handler at once, on the calling thread").isTrue();
    assertThat(current.get()).as("dispatch must make the verticle's context current").isSameAs(context);
    assertThat(event.get()).isEqualTo("read");
  }

  @Test
  void aBufferIsWrittenAsItIsWithoutACopyAndWithoutBeingConsumed(Vertx vertx) throws Exception {
    NetSocket socket = connect(vertx);
    VertxInternals.registerOn(context, child).await(10, TimeUnit.SECONDS);
    StringBuilder received = new StringBuilder();
    CompletableFuture<String> both = new CompletableFuture<>();
    socket.handler(bytes -> {
      received.append(bytes.toString(StandardCharsets.UTF_8));
      if (received.length() >= 10) {
        both.complete(received.toString());
      }
    });

    Buffer shared = Buffer.buffer("line\n");
    child.eventLoop().submit(() -> {
      // As a room flush does: the same buffer to several members, one write each.
      child.write(VertxInternals.byteBuf(shared), child.voidPromise());
      child.writeAndFlush(VertxInternals.byteBuf(shared), child.voidPromise());
    }).get(10, TimeUnit.SECONDS);

    assertThat(both.get(10, TimeUnit.SECONDS)).as("a buffer written twice must arrive twice").isEqualTo("line\nline\n");
    assertThat(shared.toString()).as("writing must not consume the buffer").isEqualTo("line\n");
    ByteBuf view = VertxInternals.byteBuf(shared);
    assertThat(view.refCnt()).as("writing must not free the buffer").isPositive();
    shared.setByte(0, (byte) 'L');
    assertThat(view.getByte(view.readerIndex())).as("the Netty buffer must share the bytes, not copy them").isEqualTo((byte) 'L');
  }

  @Test
  void theWorkerPoolRunsOffTheEventLoops(Vertx vertx) throws Exception {
    CompletableFuture<Boolean> onEventLoop = new CompletableFuture<>();
    VertxInternals.workerExecutor(vertx).execute(() -> onEventLoop.complete(Context.isOnEventLoopThread()));
    assertThat(onEventLoop.get(10, TimeUnit.SECONDS)).as("TLS handshake work must not run on an event loop").isFalse();
  }

  /** Listens on 127.0.0.1 as {@link Listener} does, connects a Vert.x client, and takes the accepted channel. */
  private NetSocket connect(Vertx vertx) throws Exception {
    server = VertxInternals.newServerChannel(vertx);
    server.pipeline().addLast(new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        accepted.add((Channel) msg);
      }
    });
    ChannelFuture registered = VertxInternals.registerAcceptor(vertx, server);
    assertThat(registered.await(10, TimeUnit.SECONDS) && registered.isSuccess())
        .as("a server channel of Vert.x's transport must register on its acceptor loop").isTrue();
    ChannelFuture bound = server.bind(new InetSocketAddress("127.0.0.1", 0));
    assertThat(bound.await(10, TimeUnit.SECONDS) && bound.isSuccess()).as("it must bind").isTrue();
    int port = ((InetSocketAddress) server.localAddress()).getPort();

    netClient = vertx.createNetClient();
    Future<NetSocket> socket = netClient.connect(port, "127.0.0.1");
    NetSocket connected = socket.await(10, TimeUnit.SECONDS);
    child = accepted.poll(10, TimeUnit.SECONDS);
    assertThat(child).as("the connection must be accepted on the server channel").isNotNull();
    return connected;
  }
}
