package org.enclave.api.broker;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** A self-signed P-256 certificate and its key as PEM files, for TLS listeners in tests. */
record TestCertificate(Path certificate, Path privateKey) {

  static TestCertificate create(Path dir, String commonName)
      throws IOException, GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = gen.generateKeyPair();
    AlgorithmIdentifier ecdsa = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    long now = System.currentTimeMillis();
    V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
    tbs.setSerialNumber(new ASN1Integer(BigInteger.valueOf(now)));
    tbs.setIssuer(new X500Name("CN=" + commonName));
    tbs.setSubject(new X500Name("CN=" + commonName));
    tbs.setStartDate(new Time(new Date(now - 60_000)));
    tbs.setEndDate(new Time(new Date(now + 86_400_000L)));
    tbs.setSignature(ecdsa);
    tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
    TBSCertificate body = tbs.generateTBSCertificate();
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(pair.getPrivate());
    signer.update(body.getEncoded());
    ASN1EncodableVector cert = new ASN1EncodableVector();
    cert.add(body);
    cert.add(ecdsa);
    cert.add(new DERBitString(signer.sign()));
    Path certFile = dir.resolve(commonName + ".crt");
    Path keyFile = dir.resolve(commonName + ".key");
    Files.createDirectories(dir);
    Files.writeString(certFile, pem("CERTIFICATE", new DERSequence(cert).getEncoded()));
    Files.writeString(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    return new TestCertificate(certFile, keyFile);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
