package dev.tandem.http;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Puts the {@link Guard} in front of every route of the HTTP server's router, the liveness answer in front of the
 * guard, and the console's files right behind it; the guard also answers what no route takes. A Vert.x handler
 * rather than a step in each Camel route: it runs for every request whatever route, path or method it matches
 * (unknown paths included) and before the body is read, and a route added later cannot forget it.
 * Installed when the context starts, after the server made its router and before any route's consumer registers on
 * it; the order puts it first whenever it is installed.
 */
final class GuardInstaller implements StartupListener {

    /** Before every route: Vert.x runs routes by ascending order, and consumers add theirs from 0 upwards. */
    static final int LIVENESS_ORDER = Integer.MIN_VALUE;
    static final int GUARD_ORDER = Integer.MIN_VALUE + 1;
    static final int CONSOLE_ORDER = Integer.MIN_VALUE + 2;
    /** After every route: a request that reaches it was taken by none. */
    static final int UNMATCHED_ORDER = Integer.MAX_VALUE;

    private static final String INSTALLED = "tandem.guard";

    private final Guard guard;

    GuardInstaller(Guard guard) {
        this.guard = guard;
    }

    /** Camel calls this once the routes are warmed up (the server and its router exist), before their consumers start. */
    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        Set<VertxPlatformHttpRouter> routers = context.getRegistry().findByType(VertxPlatformHttpRouter.class);
        if (routers.isEmpty()) {
            throw new IllegalStateException("The HTTP server has no router to guard: camel.server.enabled must be"
                    + " true.");
        }
        for (VertxPlatformHttpRouter router : routers) {
            if (router.metadata().containsKey(INSTALLED)) {
                continue;
            }
            router.putMetadata(INSTALLED, true);
            router.route(Liveness.PATH).order(LIVENESS_ORDER).handler(new Liveness(context));
            router.route().order(GUARD_ORDER).handler(guard).failureHandler(guard::answerFailure);
            router.route().order(CONSOLE_ORDER).handler(new ConsoleFiles());
            router.route().order(UNMATCHED_ORDER).handler(unmatched -> guard.refuseUnmatched(unmatched,
                    methodsServed(router, unmatched.normalizedPath())));
        }
    }

    /** The methods that the routes with exactly this path take, in order; empty when no route has the path. */
    static Set<String> methodsServed(Router router, String path) {
        return router.getRoutes().stream()
                .filter(route -> route.isExactPath() && !route.isRegexPath() && path.equals(route.getPath())
                        && route.methods() != null)
                .flatMap(route -> route.methods().stream()).map(HttpMethod::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
