"""`terraform validate` as the IBM provider answers it: values unknown at validate (a module's
variables, another resource's attributes) are checked once known, as terraform-plugin-sdk v2
checks them; and data sources whose IBM read takes no argument read the caller's account."""

from __future__ import annotations

from vpcmock.config import DEFAULT_ACCOUNT
from vpcmock.pytest_plugin import Terraform

from test_terraform import blank, mock_server, terraform, write_config  # noqa: F401  (fixtures)

PROVIDERS = 'terraform {\n  required_providers {\n    ibm = { source = "IBM-Cloud/ibm" }\n  }\n}\n'

# A floating IP is bound to a zone or to a target (ExactlyOneOf, each ConflictsWith the other):
# the module leaves the choice to its caller.
FLOATING_IP_MODULE = PROVIDERS + '''
variable "zone" {}
variable "target" {}

resource "ibm_is_floating_ip" "ip" {
  name   = "public-ip"
  zone   = var.zone
  target = var.target
}

output "zone" {
  value = ibm_is_floating_ip.ip.zone
}
'''


def floating_ip_module(root: Terraform) -> Terraform:
    module = root.workdir / "floating_ip"
    module.mkdir()
    (module / "main.tf").write_text(FLOATING_IP_MODULE)
    return Terraform(module, root.env, timeout=root.timeout)


def test_a_module_whose_zone_and_target_are_variables_validates(blank):
    module = floating_ip_module(blank)
    module.run("init")
    result = module.run("validate", check=False)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_module_called_with_a_zone_and_a_null_target_applies(blank):
    floating_ip_module(blank)
    write_config(blank, '''
provider "ibm" {}

module "ip" {
  source = "./floating_ip"
  zone   = "us-south-1"
  target = null
}

output "zone" {
  value = module.ip.zone
}
''')
    blank.run("init")
    blank.run("validate")
    blank.apply()
    assert blank.outputs() == {"zone": "us-south-1"}


def test_two_known_floating_ip_bindings_still_fail_validation(blank):
    write_config(blank, '''
resource "ibm_is_floating_ip" "ip" {
  name   = "public-ip"
  zone   = "us-south-1"
  target = "0717-7f1f6a0c-1d2e-4c6b-9a3e-5b8d2f4e6a10"
}
''')
    blank.run("init")
    result = blank.run("validate", check=False)
    assert result.returncode == 1
    assert 'only one of `target,zone` can be specified, but `target,zone` were specified.' in \
        " ".join(result.stderr.split())


def test_account_settings_read_without_arguments_are_the_callers_account(blank):
    write_config(blank, '''
provider "ibm" {}

data "ibm_iam_account_settings" "iam" {}

output "account_id" {
  value = data.ibm_iam_account_settings.iam.account_id
}
''')
    blank.run("init")
    blank.apply()
    assert blank.outputs() == {"account_id": DEFAULT_ACCOUNT}


def test_account_settings_read_what_the_account_settings_resource_set(blank):
    write_config(blank, '''
provider "ibm" {}

resource "ibm_iam_account_settings" "settings" {
  mfa = "LEVEL3"
}

data "ibm_iam_account_settings" "iam" {
  depends_on = [ibm_iam_account_settings.settings]
}

output "settings" {
  value = [data.ibm_iam_account_settings.iam.mfa, data.ibm_iam_account_settings.iam.restrict_create_service_id]
}
''')
    blank.run("init")
    blank.apply()
    assert blank.outputs() == {"settings": ["LEVEL3", "NOT_SET"]}
