package dev.parley.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DtlsAssociationTest {

    private static final long WAIT_SECONDS = 30;

    private static ExecutorService pool;
    private static DtlsCertificate clientCertificate;
    private static DtlsCertificate serverCertificate;
    private static DtlsCertificate strangerCertificate;

    @BeforeAll
    static void setUp() {
        pool = DtlsHandshakeExecutor.create(8);
        clientCertificate = DtlsCertificate.generate();
        serverCertificate = DtlsCertificate.generate();
        strangerCertificate = DtlsCertificate.generate();
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    /** A client and a server joined by an in-memory path; both started, client first. */
    private record Pair(DtlsAssociation client, DtlsAssociation server,
            CompletableFuture<DtlsSrtpResult> clientResult, CompletableFuture<DtlsSrtpResult> serverResult,
            InMemoryDatagramPath.Direction toServer, InMemoryDatagramPath.Direction toClient) {

        void close() {
            client.close();
            server.close();
        }
    }

    private static Pair connect(DtlsConfig clientConfig, DtlsConfig serverConfig, DtlsFingerprint clientExpects,
            DtlsFingerprint serverExpects, Predicate<byte[]> dropToServer, Predicate<byte[]> dropToClient) {
        InMemoryDatagramPath.Direction toServer = new InMemoryDatagramPath.Direction(dropToServer);
        InMemoryDatagramPath.Direction toClient = new InMemoryDatagramPath.Direction(dropToClient);
        DtlsAssociation client = new DtlsAssociation(DtlsRole.CLIENT, clientCertificate, clientExpects, toServer,
                pool, clientConfig);
        DtlsAssociation server = new DtlsAssociation(DtlsRole.SERVER, serverCertificate, serverExpects, toClient,
                pool, serverConfig);
        toServer.deliverTo(server);
        toClient.deliverTo(client);
        // The client starts first: its ClientHello waits in the server's queue until the server starts.
        CompletableFuture<DtlsSrtpResult> clientResult = client.start();
        CompletableFuture<DtlsSrtpResult> serverResult = server.start();
        return new Pair(client, server, clientResult, serverResult, toServer, toClient);
    }

    private static Pair connect(DtlsConfig clientConfig, DtlsConfig serverConfig) {
        return connect(clientConfig, serverConfig, serverCertificate.fingerprint(), clientCertificate.fingerprint(),
                InMemoryDatagramPath.lossless(), InMemoryDatagramPath.lossless());
    }

    private static DtlsException failureOf(CompletableFuture<DtlsSrtpResult> result) throws Exception {
        ExecutionException thrown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> result.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertThat(thrown.getCause()).isInstanceOf(DtlsException.class);
        return (DtlsException) thrown.getCause();
    }

    private static void assertMirrored(DtlsSrtpResult client, DtlsSrtpResult server, DtlsSrtpProfile profile) {
        assertThat(client.profile()).isEqualTo(profile);
        assertThat(server.profile()).isEqualTo(profile);
        assertThat(client.keyingMaterial()).hasSize(profile.keyingMaterialLength())
                .isEqualTo(server.keyingMaterial())
                .isNotEqualTo(new byte[profile.keyingMaterialLength()]);
        assertThat(client.localRole()).isEqualTo(DtlsRole.CLIENT);
        assertThat(server.localRole()).isEqualTo(DtlsRole.SERVER);
        // What one side protects with, the other unprotects with (RFC 5764 §4.2).
        assertThat(client.localMasterKey()).isEqualTo(server.remoteMasterKey());
        assertThat(client.localMasterSalt()).isEqualTo(server.remoteMasterSalt());
        assertThat(server.localMasterKey()).isEqualTo(client.remoteMasterKey());
        assertThat(server.localMasterSalt()).isEqualTo(client.remoteMasterSalt());
        assertThat(client.remoteFingerprint()).isEqualTo(serverCertificate.fingerprint());
        assertThat(server.remoteFingerprint()).isEqualTo(clientCertificate.fingerprint());
    }

    @Test
    void negotiatesAeadAes128GcmByDefaultAndBothEndsExportTheSameKeys() throws Exception {
        Pair pair = connect(DtlsConfig.defaults(), DtlsConfig.defaults());
        try {
            DtlsSrtpResult client = pair.clientResult().get(WAIT_SECONDS, TimeUnit.SECONDS);
            DtlsSrtpResult server = pair.serverResult().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertMirrored(client, server, DtlsSrtpProfile.AEAD_AES_128_GCM);
            assertThat(client.profileId()).isEqualTo(0x0007);
            assertThat(client.keyingMaterial()).hasSize(56);
        } finally {
            pair.close();
        }
    }

    @Test
    void serverThatAcceptsOnlyAesCmNegotiatesAesCmWithSixtyBytesOfKeys() throws Exception {
        Pair pair = connect(DtlsConfig.defaults(),
                DtlsConfig.defaults().withSrtpProfiles(DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80));
        try {
            DtlsSrtpResult client = pair.clientResult().get(WAIT_SECONDS, TimeUnit.SECONDS);
            DtlsSrtpResult server = pair.serverResult().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertMirrored(client, server, DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80);
            assertThat(server.profileId()).isEqualTo(0x0001);
            assertThat(server.keyingMaterial()).hasSize(60);
        } finally {
            pair.close();
        }
    }

    @Test
    void serverFollowsItsOwnPreferenceOverTheClientsOrder() throws Exception {
        Pair pair = connect(
                DtlsConfig.defaults().withSrtpProfiles(DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80, DtlsSrtpProfile.AEAD_AES_128_GCM),
                DtlsConfig.defaults());
        try {
            assertMirrored(pair.clientResult().get(WAIT_SECONDS, TimeUnit.SECONDS),
                    pair.serverResult().get(WAIT_SECONDS, TimeUnit.SECONDS), DtlsSrtpProfile.AEAD_AES_128_GCM);
        } finally {
            pair.close();
        }
    }

    @Test
    void clientThatOffersOnlyAesCmGetsAesCm() throws Exception {
        Pair pair = connect(DtlsConfig.defaults().withSrtpProfiles(DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80),
                DtlsConfig.defaults());
        try {
            assertMirrored(pair.clientResult().get(WAIT_SECONDS, TimeUnit.SECONDS),
                    pair.serverResult().get(WAIT_SECONDS, TimeUnit.SECONDS), DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80);
        } finally {
            pair.close();
        }
    }

    @Test
    void clientRejectsServerCertificateWithAnotherFingerprintAndServerLearnsWhy() throws Exception {
        DtlsFingerprint wrong = strangerCertificate.fingerprint();
        Pair pair = connect(DtlsConfig.defaults(), DtlsConfig.defaults(), wrong, clientCertificate.fingerprint(),
                InMemoryDatagramPath.lossless(), InMemoryDatagramPath.lossless());
        try {
            DtlsException client = failureOf(pair.clientResult());
            assertThat(client.reason()).isEqualTo(DtlsException.Reason.FINGERPRINT_MISMATCH);
            assertThat(client.getMessage()).isEqualTo("remote certificate fingerprint "
                    + serverCertificate.fingerprint().toSdpValue() + " does not match the SDP's " + wrong.toSdpValue());
            DtlsException server = failureOf(pair.serverResult());
            assertThat(server.reason()).isEqualTo(DtlsException.Reason.PEER_ALERT);
            assertThat(server.getMessage()).contains("bad_certificate");
            assertThat(pair.client().closed().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(DtlsCloseCause.HANDSHAKE_FAILED);
        } finally {
            pair.close();
        }
    }

    @Test
    void serverRejectsClientCertificateWithAnotherFingerprint() throws Exception {
        DtlsFingerprint wrong = strangerCertificate.fingerprint(DtlsFingerprint.HashFunction.SHA_384);
        Pair pair = connect(DtlsConfig.defaults(), DtlsConfig.defaults(), serverCertificate.fingerprint(), wrong,
                InMemoryDatagramPath.lossless(), InMemoryDatagramPath.lossless());
        try {
            DtlsException server = failureOf(pair.serverResult());
            assertThat(server.reason()).isEqualTo(DtlsException.Reason.FINGERPRINT_MISMATCH);
            // The client's certificate is hashed with the function the SDP named: sha-384 here.
            assertThat(server.getMessage()).startsWith("remote certificate fingerprint "
                    + clientCertificate.fingerprint(DtlsFingerprint.HashFunction.SHA_384).toSdpValue());
            assertThat(failureOf(pair.clientResult()).reason()).isEqualTo(DtlsException.Reason.PEER_ALERT);
        } finally {
            pair.close();
        }
    }

    @Test
    void fingerprintWithAnotherHashFunctionOfTheRightCertificateIsAccepted() throws Exception {
        Pair pair = connect(DtlsConfig.defaults(), DtlsConfig.defaults(),
                serverCertificate.fingerprint(DtlsFingerprint.HashFunction.SHA_512),
                clientCertificate.fingerprint(DtlsFingerprint.HashFunction.SHA_1),
                InMemoryDatagramPath.lossless(), InMemoryDatagramPath.lossless());
        try {
            assertThat(pair.clientResult().get(WAIT_SECONDS, TimeUnit.SECONDS).remoteFingerprint())
                    .isEqualTo(serverCertificate.fingerprint(DtlsFingerprint.HashFunction.SHA_512));
            assertThat(pair.serverResult().get(WAIT_SECONDS, TimeUnit.SECONDS).remoteFingerprint())
                    .isEqualTo(clientCertificate.fingerprint(DtlsFingerprint.HashFunction.SHA_1));
        } finally {
            pair.close();
        }
    }

    @Test
    void noSrtpProfileInCommonFailsOnBothSides() throws Exception {
        Pair pair = connect(DtlsConfig.defaults().withSrtpProfiles(DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80),
                DtlsConfig.defaults().withSrtpProfiles(DtlsSrtpProfile.AEAD_AES_128_GCM));
        try {
            DtlsException server = failureOf(pair.serverResult());
            assertThat(server.reason()).isEqualTo(DtlsException.Reason.NO_SRTP_PROFILE);
            assertThat(server.getMessage()).contains("AES128_CM_HMAC_SHA1_80");
            assertThat(failureOf(pair.clientResult()).reason()).isEqualTo(DtlsException.Reason.PEER_ALERT);
        } finally {
            pair.close();
        }
    }

    @Test
    void handshakeCompletesWhenTheFirstDatagramsOfEachDirectionAreLost() throws Exception {
        DtlsConfig fastRetransmit = DtlsConfig.defaults().withInitialRetransmitTimeout(Duration.ofMillis(200));
        Pair pair = connect(fastRetransmit, fastRetransmit, serverCertificate.fingerprint(),
                clientCertificate.fingerprint(), InMemoryDatagramPath.dropFirst(2), InMemoryDatagramPath.dropFirst(2));
        try {
            assertMirrored(pair.clientResult().get(WAIT_SECONDS, TimeUnit.SECONDS),
                    pair.serverResult().get(WAIT_SECONDS, TimeUnit.SECONDS), DtlsSrtpProfile.AEAD_AES_128_GCM);
            assertThat(pair.toServer().dropped()).isEqualTo(2);
            assertThat(pair.toClient().dropped()).isEqualTo(2);
        } finally {
            pair.close();
        }
    }

    @Test
    void serverRetransmitsItsLostFinalFlightAfterItsHandshakeCompleted() throws Exception {
        // The server's handshake is done once it sent its final flight; when that flight is lost, only
        // the post-handshake record processing can answer the client's retransmission (RFC 6347 §4.2.4).
        DtlsConfig fastRetransmit = DtlsConfig.defaults().withInitialRetransmitTimeout(Duration.ofMillis(200));
        Pair pair = connect(fastRetransmit, fastRetransmit, serverCertificate.fingerprint(),
                clientCertificate.fingerprint(), InMemoryDatagramPath.lossless(),
                InMemoryDatagramPath.dropFirstFinalFlight());
        try {
            DtlsSrtpResult server = pair.serverResult().get(WAIT_SECONDS, TimeUnit.SECONDS);
            DtlsSrtpResult client = pair.clientResult().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertMirrored(client, server, DtlsSrtpProfile.AEAD_AES_128_GCM);
            assertThat(pair.toClient().dropped()).as("ChangeCipherSpec and Finished of the final flight").isEqualTo(2);
        } finally {
            pair.close();
        }
    }

    @Test
    void closeNotifyFromThePeerEndsTheAssociation() throws Exception {
        Pair pair = connect(DtlsConfig.defaults(), DtlsConfig.defaults());
        try {
            pair.clientResult().get(WAIT_SECONDS, TimeUnit.SECONDS);
            pair.serverResult().get(WAIT_SECONDS, TimeUnit.SECONDS);
            pair.client().close();
            assertThat(pair.client().closed().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(DtlsCloseCause.LOCAL_CLOSE);
            assertThat(pair.server().closed().get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo(DtlsCloseCause.PEER_CLOSE_NOTIFY);
        } finally {
            pair.close();
        }
    }

    @Test
    void closeAbortsAHandshakeInProgressAndFreesItsThread() throws Exception {
        ThreadPoolExecutor ownPool = (ThreadPoolExecutor) DtlsHandshakeExecutor.create(1);
        try {
            DtlsAssociation lonely = new DtlsAssociation(DtlsRole.SERVER, serverCertificate,
                    clientCertificate.fingerprint(), (buf, off, len) -> { }, ownPool);
            CompletableFuture<DtlsSrtpResult> result = lonely.start();
            lonely.close();
            assertThat(failureOf(result).reason()).isEqualTo(DtlsException.Reason.CLOSED);
            assertThat(lonely.closed().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(DtlsCloseCause.LOCAL_CLOSE);
            // The single thread is free again: a task submitted now runs without waiting for a timeout.
            assertThat(ownPool.submit(() -> Thread.currentThread().getName()).get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo("dtls-handshake-1");
        } finally {
            ownPool.shutdownNow();
        }
    }

    @Test
    void silentPeerMakesTheHandshakeTimeOut() throws Exception {
        DtlsAssociation lonely = new DtlsAssociation(DtlsRole.CLIENT, clientCertificate, serverCertificate.fingerprint(),
                (buf, off, len) -> { }, pool, DtlsConfig.defaults().withHandshakeTimeout(Duration.ofMillis(1500))
                        .withInitialRetransmitTimeout(Duration.ofMillis(300)));
        try {
            DtlsException failure = failureOf(lonely.start());
            assertThat(failure.reason()).isEqualTo(DtlsException.Reason.TIMEOUT);
            assertThat(failure.getMessage()).isEqualTo("DTLS handshake did not finish within 1500 ms");
            assertThat(lonely.closed().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(DtlsCloseCause.HANDSHAKE_FAILED);
        } finally {
            lonely.close();
        }
    }

    @Test
    void saturatedExecutorFailsTheHandshakeAtOnce() throws Exception {
        DtlsAssociation association = new DtlsAssociation(DtlsRole.CLIENT, clientCertificate,
                serverCertificate.fingerprint(), (buf, off, len) -> { }, task -> {
                    throw new RejectedExecutionException("full");
                });
        assertThat(failureOf(association.start()).reason()).isEqualTo(DtlsException.Reason.OVERLOADED);
    }

    @Test
    void startTwiceIsRejectedAndStartAfterCloseReportsClosed() throws Exception {
        DtlsAssociation association = new DtlsAssociation(DtlsRole.CLIENT, clientCertificate,
                serverCertificate.fingerprint(), (buf, off, len) -> { }, pool);
        association.start();
        assertThatThrownBy(association::start).isInstanceOf(IllegalStateException.class);
        association.close();
        assertThat(failureOf(association.start()).reason()).isEqualTo(DtlsException.Reason.CLOSED);
    }

    @Test
    void receiveDropsOversizedDatagramsAndDatagramsBeyondTheQueueCapacity() {
        DtlsAssociation association = new DtlsAssociation(DtlsRole.SERVER, serverCertificate,
                clientCertificate.fingerprint(), (buf, off, len) -> { }, pool,
                new DtlsConfig(DtlsConfig.defaults().srtpProfiles(), Duration.ofSeconds(30), Duration.ofSeconds(1), 1200, 2));
        byte[] datagram = new byte[DtlsConfig.MAX_RECEIVE_SIZE + 1];
        assertThat(association.receive(datagram, 0, datagram.length)).isFalse();
        assertThat(association.receive(datagram, 1, 100)).isTrue();
        assertThat(association.receive(datagram, 1, 100)).isTrue();
        assertThat(association.receive(datagram, 1, 100)).isFalse();
        assertThatThrownBy(() -> association.receive(datagram, datagram.length, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        association.close();
        assertThat(association.receive(datagram, 0, 10)).isFalse();
    }

    @Test
    void firstByteDemultiplexingFollowsRfc7983() {
        assertThat(DtlsAssociation.isDtlsRecord((byte) 19)).isFalse();
        assertThat(DtlsAssociation.isDtlsRecord((byte) 20)).isTrue();
        assertThat(DtlsAssociation.isDtlsRecord((byte) 22)).isTrue();
        assertThat(DtlsAssociation.isDtlsRecord((byte) 63)).isTrue();
        assertThat(DtlsAssociation.isDtlsRecord((byte) 64)).isFalse();
        assertThat(DtlsAssociation.isDtlsRecord((byte) 0x80)).isFalse();
        assertThat(DtlsAssociation.isDtlsRecord((byte) 0)).isFalse();
    }
}
