"""ibm_is_ssh_key: an SSH public key of the region (API: /keys)."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_ssh_key", "resource",
    description="An SSH public key (OpenSSH RSA of 2048 bits or more, or Ed25519) that instances are given.",
    import_id="<key id>",
    overlay={"public_key": {"description": "The OpenSSH public key line"},
             "fingerprint": {"description": "SHA256: and the unpadded base64 of the key's SHA-256, as ssh-keygen -l"}},
    example='''resource "ibm_is_ssh_key" "admin" {
  name       = "admin"
  public_key = file("~/.ssh/id_ed25519.pub")
  type       = "ed25519"
}''',
)

DATA_DECLARATION = declaration("ibm_is_ssh_key", "data", description="Reads an SSH key by `name` or `id`.")
