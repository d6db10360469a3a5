#!/bin/sh
# Makes the TLS material of the tests in OUTDIR, fresh at every build (no key is checked in):
#   ca.pem                         a test certificate authority
#   server.pem, server-key.pem     127.0.0.1 and localhost, signed by that authority
#   self-signed.pem, self-signed-key.pem   127.0.0.1 and localhost, signed by itself
#   not-a-bundle.pem               text with no certificate in it
set -eu
out=$1
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
days=3650
leaf_ext='subjectAltName=IP:127.0.0.1,DNS:localhost
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth'
printf '%s\n' "$leaf_ext" >"$work/leaf.ext"
printf '%s\n' 'basicConstraints=critical,CA:TRUE' 'keyUsage=critical,keyCertSign,cRLSign' \
  'subjectKeyIdentifier=hash' >"$work/ca.ext"
key () { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# The authority: a self-signed CA certificate.
key "$work/ca-key.pem"
openssl req -new -key "$work/ca-key.pem" -subj "/CN=gpt-image test CA" -out "$work/ca.csr"
openssl x509 -req -in "$work/ca.csr" -signkey "$work/ca-key.pem" -days $days \
  -extfile "$work/ca.ext" -out "$work/ca.pem" 2>/dev/null

# The server it signs.
key "$work/server-key.pem"
openssl req -new -key "$work/server-key.pem" -subj "/CN=127.0.0.1" -out "$work/server.csr"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca-key.pem" \
  -CAcreateserial -days $days -extfile "$work/leaf.ext" -out "$work/server.pem" 2>/dev/null

# A server that signs its own certificate.
key "$work/self-signed-key.pem"
openssl req -new -key "$work/self-signed-key.pem" -subj "/CN=127.0.0.1" -out "$work/self.csr"
openssl x509 -req -in "$work/self.csr" -signkey "$work/self-signed-key.pem" -days $days \
  -extfile "$work/leaf.ext" -out "$work/self-signed.pem" 2>/dev/null

echo "this file holds no certificate" >"$work/not-a-bundle.pem"
for f in ca.pem server.pem server-key.pem self-signed.pem self-signed-key.pem not-a-bundle.pem; do
  mv "$work/$f" "$out/$f"
done
