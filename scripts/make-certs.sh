#!/usr/bin/env bash
# Makes the PEM files TLS needs, with openssl: a certificate authority of your own, a
# certificate it signs for the cluster's members (the event bus), and one for the gateway
# that names the hosts clients connect to.
#
#   scripts/make-certs.sh DIR [HOST ...]      (HOSTs default: localhost 127.0.0.1)
#
# DIR gets ca.pem (give it to clients: --tls-ca DIR/ca.pem), ca-key.pem (keep it apart: it
# signs), member.pem, member-key.pem, gateway.pem and gateway-key.pem. With a gateway
# certificate from a public authority instead, clients need only --tls.
set -euo pipefail

[ $# -ge 1 ] || { sed -n 2,11p "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
dir=$1
shift
hosts=("$@")
[ ${#hosts[@]} -gt 0 ] || hosts=(localhost 127.0.0.1)
command -v openssl >/dev/null || { echo "openssl is needed" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
umask 077

san=""
for host in "${hosts[@]}"; do
  if [[ $host =~ ^[0-9.]+$ || $host == *:* ]]; then san+="${san:+,}IP:$host"; else san+="${san:+,}DNS:$host"; fi
done

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# sign NAME SUBJECT EXTENSIONS: a key and a certificate the authority signed, valid two years.
sign() {
  key "$1-key.pem"
  openssl req -new -key "$1-key.pem" -subj "$2" -out "$1.csr"
  printf '%s\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 730 -sha256 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

if [ ! -f ca.pem ]; then
  key ca-key.pem
  openssl req -x509 -new -key ca-key.pem -subj "/CN=chatnet authority" -days 3650 -sha256 \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign -out ca.pem
fi
sign member "/CN=chatnet member" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth"
sign gateway "/CN=${hosts[0]}" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=$san"
rm -f ca.srl
chmod 644 ca.pem member.pem gateway.pem
echo "Made $(pwd)/{ca,member,gateway}.pem and their keys; the gateway's names: ${hosts[*]}"
