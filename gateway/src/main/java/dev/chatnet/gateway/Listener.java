package dev.chatnet.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's listening socket, shared by the gateway verticles of one deployment: it is
 * bound when the first one joins and closed when the last one leaves, and hands each new
 * connection to the next verticle in turn, on that verticle's event loop (as a Vert.x
 * {@code NetServer} shared by several instances does).
 */
final class Listener {

  private static final Logger log = LoggerFactory.getLogger(Listener.class);
  private static final long ACCEPT_PAUSE_MILLIS = 1000;

  private final String host;
  private final int port;
  private final List<GatewayVerticle> gateways = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private Future<Integer> bound;
  private ServerChannel server;

  Listener(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** Starts handing connections to {@code gateway}; completes with the port once listening. */
  synchronized Future<Integer> join(Vertx vertx, GatewayVerticle gateway) {
    gateways.add(gateway);
    if (bound == null) {
      bound = bind(vertx);
    }
    return bound;
  }

  /** Stops handing connections to {@code gateway}; the last one to leave closes the socket. */
  synchronized Future<Void> leave(GatewayVerticle gateway) {
    gateways.remove(gateway);
    if (!gateways.isEmpty()) {
      return Future.succeededFuture();
    }
    bound = null;
    if (server == null) {
      // Not listening (yet): a bind still under way closes its socket itself.
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    server.close().addListener(f -> closed.complete());
    server = null;
    return closed.future();
  }

  private Future<Integer> bind(Vertx vertx) {
    ServerChannel channel = VertxInternals.newServerChannel(vertx);
    channel.config().setOption(ChannelOption.SO_REUSEADDR, true);
    channel.pipeline().addLast(new Acceptor());
    Promise<Integer> listening = Promise.promise();
    VertxInternals.registerAcceptor(vertx, channel).addListener(registered -> {
      if (!registered.isSuccess()) {
        listening.fail(registered.cause());
        return;
      }
      channel.bind(new InetSocketAddress(host, port)).addListener((ChannelFuture done) -> {
        if (done.isSuccess()) {
          synchronized (this) {
            if (gateways.isEmpty()) {
              // Every gateway left while the socket was being bound.
              channel.close();
              listening.fail("The gateway stopped before it listened on " + host + ":" + port);
              return;
            }
            server = channel;
          }
          listening.complete(((InetSocketAddress) channel.localAddress()).getPort());
        } else {
          channel.close();
          listening.fail(done.cause());
        }
      });
    });
    return listening.future();
  }

  /** Takes each accepted connection off the server channel and gives it to a gateway. */
  private final class Acceptor extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Channel child = (Channel) msg;
      GatewayVerticle[] open = gateways.toArray(new GatewayVerticle[0]);
      if (open.length == 0) {
        child.unsafe().closeForcibly();
        return;
      }
      GatewayVerticle gateway = open[Math.floorMod(next.getAndIncrement(), open.length)];
      child.config().setOption(ChannelOption.TCP_NODELAY, true);
      gateway.accept(child);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // Out of file descriptors, say: pause accepting for a moment rather than spin on it.
      log.warn("Could not accept a connection on {}:{}: {}", host, port, cause.getMessage());
      Channel server = ctx.channel();
      server.config().setAutoRead(false);
      server.eventLoop().schedule(() -> {
        server.config().setAutoRead(true);
      }, ACCEPT_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }
}
