package dev.parley.server.it;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The {@code user.js} of a test profile: fake devices, media on loopback, and no calls to the internet. */
final class FirefoxPrefs {
    private FirefoxPrefs() {
    }

    static Map<String, Object> prefs() {
        Map<String, Object> p = new LinkedHashMap<>();
        // Fake camera (a frame changing colour) and microphone (a 1 kHz tone), granted without a prompt;
        // media elements play without a user gesture.
        p.put("media.navigator.streams.fake", true);
        p.put("media.navigator.permission.disabled", true);
        // Firefox gathers ICE candidates on every interface only for a page that is capturing or holds a
        // camera or microphone permission; otherwise only on the default route's interface (RFC 8828 mode
        // 3), which is not lo. The seed subscribes on 'stream-added', which can come before its own
        // getUserMedia has resolved, so that downlink would have no loopback candidate and fail. Allowing
        // both by default counts as a permission for every page.
        p.put("permissions.default.camera", 1);
        p.put("permissions.default.microphone", 1);
        p.put("media.autoplay.default", 0);
        p.put("media.autoplay.blocking_policy", 0);
        p.put("media.autoplay.block-webaudio", false);
        // There is no sound card or sound server here: with the real backend an AudioContext never leaves
        // "suspended" (resume() never settles), so the Web Audio analyser that checks the remote audio would
        // hang. Firefox's mock audio backend runs the audio graph on its own clock instead.
        p.put("media.cubeb.force_mock_context", true);
        // The server announces a single 127.0.0.1 host candidate. Firefox's ICE (nICEr) gathers no loopback
        // candidates by default and never pairs a non-loopback local candidate with a loopback remote one,
        // so without this pref its check list is empty and ICE fails. With it, Firefox also gathers on lo,
        // from a socket bound to 127.0.0.1, and its one candidate pair is 127.0.0.1 to 127.0.0.1: the media
        // stays on loopback (its candidates on other interfaces are never paired with the server's).
        p.put("media.peerconnection.ice.loopback", true);
        // ICE-TCP (the server's passive TCP candidates): Firefox opens active TCP connections to them, used
        // only when UDP fails (they rank below UDP on both sides).
        p.put("media.peerconnection.ice.tcp", true);
        // Plain host addresses in our own SDP rather than mDNS names (the ICE-lite server ignores them
        // anyway, it learns the browser's address from its checks).
        p.put("media.peerconnection.ice.obfuscate_host_addresses", false);
        // The page's console, and Firefox's own warnings about it (SDP, ICE, DTLS), on stdout: the test keeps
        // that output for its failure messages.
        p.put("devtools.console.stdout.content", true);
        // Nothing in the background may try the internet: updates, telemetry, safe browsing, remote
        // settings, captive portal and connectivity probes, DNS-over-HTTPS, new tab content, add-ons,
        // the OpenH264 plugin download.
        p.put("app.update.enabled", false);
        p.put("app.update.auto", false);
        p.put("app.update.disabledForTesting", true);
        p.put("app.normandy.enabled", false);
        p.put("app.shield.optoutstudies.enabled", false);
        p.put("browser.shell.checkDefaultBrowser", false);
        p.put("browser.startup.page", 0);
        p.put("browser.startup.homepage_override.mstone", "ignore");
        p.put("browser.aboutwelcome.enabled", false);
        p.put("browser.newtabpage.enabled", false);
        p.put("browser.newtabpage.activity-stream.feeds.system.topstories", false);
        p.put("browser.newtabpage.activity-stream.feeds.section.topstories", false);
        p.put("browser.newtabpage.activity-stream.feeds.snippets", false);
        p.put("browser.topsites.contile.enabled", false);
        p.put("browser.safebrowsing.malware.enabled", false);
        p.put("browser.safebrowsing.phishing.enabled", false);
        p.put("browser.safebrowsing.blockedURIs.enabled", false);
        p.put("browser.safebrowsing.downloads.enabled", false);
        p.put("browser.safebrowsing.downloads.remote.enabled", false);
        p.put("browser.safebrowsing.update.enabled", false);
        p.put("browser.safebrowsing.provider.mozilla.updateURL", "");
        p.put("browser.safebrowsing.provider.google4.updateURL", "");
        p.put("browser.search.update", false);
        p.put("browser.region.network.url", "");
        p.put("browser.region.update.enabled", false);
        p.put("browser.ping-centre.telemetry", false);
        p.put("browser.discovery.enabled", false);
        p.put("browser.ml.enable", false);
        p.put("browser.translations.enable", false);
        p.put("app.normandy.api_url", "");
        p.put("extensions.getAddons.discovery.api_url", "data:, ");
        p.put("browser.tabs.remote.warmup.enabled", false);
        p.put("datareporting.policy.dataSubmissionEnabled", false);
        p.put("datareporting.healthreport.uploadEnabled", false);
        p.put("toolkit.telemetry.enabled", false);
        p.put("toolkit.telemetry.unified", false);
        p.put("toolkit.telemetry.archive.enabled", false);
        p.put("toolkit.telemetry.reportingpolicy.firstRun", false);
        p.put("toolkit.telemetry.server", "");
        p.put("telemetry.fog.test.localhost_port", -1); // Glean: upload no ping, not even deletion-request
        p.put("datareporting.usage.uploadEnabled", false);
        p.put("network.connectivity-service.enabled", false);
        p.put("network.captive-portal-service.enabled", false);
        p.put("captivedetect.canonicalURL", "");
        p.put("network.trr.mode", 5);
        p.put("network.dns.disablePrefetch", true);
        p.put("network.prefetch-next", false);
        p.put("network.http.speculative-parallel-limit", 0);
        p.put("network.predictor.enabled", false);
        // Honoured only with MOZ_REMOTE_SETTINGS_DEVTOOLS=1 in the environment (release builds ignore it).
        p.put("services.settings.server", "data:,#remote-settings-disabled");
        p.put("security.remote_settings.intermediates.enabled", false);
        p.put("security.remote_settings.crlite_filters.enabled", false);
        p.put("services.sync.enabled", false);
        p.put("identity.fxaccounts.enabled", false);
        p.put("dom.push.connection.enabled", false);
        p.put("geo.provider.network.url", "");
        p.put("extensions.update.enabled", false);
        p.put("extensions.getAddons.cache.enabled", false);
        p.put("extensions.systemAddon.update.enabled", false);
        p.put("extensions.blocklist.enabled", false);
        p.put("media.gmp-manager.updateEnabled", false);
        p.put("media.gmp-manager.url", "");
        p.put("media.gmp-gmpopenh264.autoupdate", false);
        return p;
    }

    static String userJs() {
        return prefs().entrySet().stream()
                .map(e -> "user_pref(\"" + e.getKey() + "\", " + literal(e.getValue()) + ");")
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String literal(Object v) {
        return v instanceof String s ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : v.toString();
    }
}
