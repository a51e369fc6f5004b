# Varnish in front of the Newsroom app servers (docs/deploy.md). For Debian's varnish 7 with
# varnish-modules (xkey):  varnishd -f /etc/varnish/newsroom.vcl -a :80 -s malloc,1G
#
# - Anonymous readers get cached pages; a request with the session, signed-in or messages
#   cookie goes to the app servers untouched (pass).
# - A page is kept only when the app marks it "public" (Cache-Control), for its max-age; its
#   surrogate keys (the xkey header) let the app purge exactly the pages a change touched.
# - Grace: a page past its max-age is served while one background fetch renews it (10 s
#   while the app servers are healthy); when their /healthz fails (the database is down),
#   pages are served from grace for up to a day.
# - PURGE with an "xkey-purge: a42 s3 front" header is accepted from the app servers only.
vcl 4.1;

import directors;
import std;
import xkey;

# A busy app server answers late, but it answers: the probe waits 4 s and takes a server out
# when 3 of its last 5 answers failed. A server that is down, or whose database is (then
# /healthz says 503 at once), is out within about 6 s. (A 1 s limit took both servers out
# under a heavy load, and every page not in the cache became a 503: bench/newsroom_day.py.)
probe healthz {
    .url = "/healthz";
    .interval = 2s;
    .timeout = 4s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
}

# The app servers (gunicorn). One backend per server; the director takes turns.
backend app_a {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

backend app_b {
    .host = "127.0.0.1";
    .port = "8002";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

# Who may purge: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app_a);
    app.add_backend(app_b);
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is for the app servers."));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys to purge in the xkey-purge header."));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged + " objects."));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff, account and per-reader addresses, and the health check, always reach the app.
    if (req.url ~ "^/(admin|accounts|preview|read)/" || req.url ~ "^/healthz") {
        return (pass);
    }
    # Signed in, or a message waiting: a page of one's own.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|signedin|messages)=") {
        return (pass);
    }
    # Everyone else gets the page everyone gets: no cookie reaches the app, and campaign
    # parameters (which no page reads) do not make copies of their own.
    unset req.http.Cookie;
    set req.url = regsuball(req.url, "(?i)([?&])(utm_[a-z]+|fbclid|gclid|mc_[a-z]+)=[^&]*", "\1");
    set req.url = regsuball(req.url, "[?&]+$", "");
    set req.url = regsub(req.url, "\?&+", "?");
    set req.url = std.querysort(req.url);

    # While the app servers are healthy, serve a page at most 10 s past its max-age (while
    # renewing it); when they are not, whatever grace the object has left.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_hit {
    if (obj.ttl <= 0s) {
        set req.http.x-grace = "1";
    }
}

sub vcl_backend_response {
    # A failed renewal keeps the copy we have.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Only what the app marks public, and never a page that sets a cookie.
    if (beresp.http.Cache-Control !~ "public" || beresp.http.Cache-Control ~ "no-cache|no-store|private" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 5s;
        return (deliver);
    }
    # Stale if error: kept a day past its max-age, for when the app servers cannot answer.
    set beresp.grace = 24h;
    if (!beresp.http.Content-Encoding && beresp.http.Content-Type ~ "^(text/|application/(rss|atom|xml|json|javascript))") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
        if (req.http.x-grace) {
            set resp.http.X-Cache = "HIT (grace)";
        }
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys are for us, not for readers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.X-Varnish;
    unset resp.http.Via;
}
