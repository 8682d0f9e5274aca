# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS: certificates are verified by default, the failure says what to do, and ca_path trusts a private CA.

A second simulator serves HTTPS with a self-signed certificate made for the test (cryptography, a dependency of
ansible-core).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import ipaddress

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from conftest import SimulatorProcess, api_writes
from leaks import assert_token_never_shown

ADMIN_TOKEN = 'sim-admin-token'
PERSON = 'carol.chen@example.com'
INTERCEPT = 'webex.calling.webex_person_intercept'
INFO = 'webex.calling.webex_person_intercept_info'
CHANGE = {'person_email': PERSON, 'enabled': True}


def self_signed(directory):
    """A self-signed certificate for 127.0.0.1 and localhost (its own CA); return (cert path, key path)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u'webex simulator test CA')])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(u'127.0.0.1')),
                                                    x509.DNSName(u'localhost')]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path = directory / 'simulator.pem'
    key_path = directory / 'simulator.key'
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.fixture(scope='module')
def tls_simulator(tmp_path_factory):
    cert, key = self_signed(tmp_path_factory.mktemp('tls'))
    with SimulatorProcess(tls_cert=cert, tls_key=key) as simulator:
        simulator.cert_path = cert
        yield simulator


def test_tls_is_verified_and_ca_path_trusts_a_private_ca(ansible, tls_simulator, tmp_path):
    tls_simulator.reset()
    assert tls_simulator.url.startswith('https://127.0.0.1:')
    other_ca, dummy = self_signed(tmp_path)
    run = ansible([
        {'name': 'default', INTERCEPT: CHANGE, 'ignore_errors': True},
        {'name': 'another CA', INTERCEPT: dict(CHANGE, ca_path=other_ca), 'ignore_errors': True},
        {'name': 'info default', INFO: {'person_email': PERSON}, 'ignore_errors': True},
        {'name': 'with ca_path', INTERCEPT: dict(CHANGE, ca_path=tls_simulator.cert_path)},
        {'name': 'info with ca_path', INFO: {'person_email': PERSON, 'ca_path': tls_simulator.cert_path}},
    ], env={'WEBEX_API_URL': tls_simulator.url}, diff=True, args=['-vvv'])
    assert run.rc == 0, run.stdout
    for name in ('default', 'another CA', 'info default'):
        task = run.tasks.named(name)
        assert task['status'] == 'failed', task
        msg = task['result']['msg']
        assert 'TLS verification failed' in msg and 'CERTIFICATE_VERIFY_FAILED' in msg, msg
        assert 'set ca_path to the CA bundle' in msg, msg
        assert task['result']['api_error']['status'] is None and task['result']['api_error']['attempts'] == 1, task
    # Nothing reached the application: the TLS handshake failed before any request was read.
    trusted = run.tasks.named('with ca_path')
    assert trusted['status'] == 'ok' and trusted['result']['changed'] is True, trusted
    assert not trusted['result'].get('warnings'), 'https needs no warning'
    assert run.tasks.named('info with ca_path')['result']['persons'][0]['intercept']['enabled'] is True
    assert [entry['method'] for entry in api_writes(tls_simulator)] == ['PUT']
    assert tls_simulator.get_intercept(tls_simulator.person_by_email(PERSON)['id'])['enabled'] is True
    assert_token_never_shown(ADMIN_TOKEN, run, tls_simulator)


def test_ca_path_and_validate_certs_win_over_requests_ca_bundle(ansible, tls_simulator, tmp_path):
    """REQUESTS_CA_BUNDLE (often set on CI and AWX hosts) must not override ca_path nor validate_certs=false."""
    tls_simulator.reset()
    other_ca, dummy = self_signed(tmp_path)
    run = ansible([
        {'name': 'with ca_path', INFO: {'person_email': PERSON, 'ca_path': tls_simulator.cert_path}},
        {'name': 'no verification', INFO: {'person_email': PERSON, 'validate_certs': False}},
    ], env={'WEBEX_API_URL': tls_simulator.url, 'REQUESTS_CA_BUNDLE': other_ca, 'CURL_CA_BUNDLE': other_ca})
    assert run.rc == 0, run.stdout
    assert run.tasks.named('with ca_path')['result']['persons'][0]['email'] == PERSON
    assert run.tasks.named('no verification')['result']['persons'][0]['email'] == PERSON
    assert_token_never_shown(ADMIN_TOKEN, run, tls_simulator)
