/**
 * TLS-Sig-API v2 compatible UserSigs: {@link dev.parley.usersig.UserSig} generates them,
 * {@link dev.parley.usersig.UserSigVerifier} verifies them, {@link dev.parley.usersig.PrivateMapKey}
 * carries room privileges inside them.
 *
 * <p>No dependencies beyond the JDK ({@code javax.crypto}, {@code java.util.zip}), so a customer's
 * Java backend can use this module alone. Nothing here prints or logs; failures are
 * {@link dev.parley.usersig.UserSigException}s whose messages never contain secrets.
 */
package dev.parley.usersig;
