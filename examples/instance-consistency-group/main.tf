# An instance policy: each fire makes one snapshot consistency group per tagged instance,
# holding its data volumes (the boot volume is left out by included_content).

terraform {
  required_providers {
    ibm = {
      source  = "IBM-Cloud/ibm"
      version = ">= 1.60.0"
    }
  }
}

provider "ibm" {}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_vpc" "db" {
  name = "db-vpc"
}

resource "ibm_is_subnet" "db" {
  name                     = "db-subnet"
  vpc                      = ibm_is_vpc.db.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 64
}

resource "ibm_is_volume" "data" {
  count    = 2
  name     = "db-data-${count.index}"
  profile  = "general-purpose"
  zone     = "us-south-1"
  capacity = 100
}

resource "ibm_is_instance" "db" {
  name    = "db-server"
  profile = "bx2-2x8"
  zone    = "us-south-1"
  vpc     = ibm_is_vpc.db.id
  image   = data.ibm_is_image.ubuntu.id
  volumes = ibm_is_volume.data[*].id

  primary_network_interface {
    subnet = ibm_is_subnet.db.id
  }

  boot_volume {
    name = "db-server-boot"
  }
}

resource "ibm_resource_tag" "db" {
  resource_id = ibm_is_instance.db.crn
  tags        = ["backup:vsi"]
}

resource "ibm_is_backup_policy" "vsi" {
  name                = "instances"
  match_resource_type = "instance"
  match_user_tags     = ["backup:vsi"]
  included_content    = ["data_volumes"]
}

resource "ibm_is_backup_policy_plan" "daily" {
  backup_policy_id = ibm_is_backup_policy.vsi.id
  name             = "daily"
  cron_spec        = "0 3 * * *"
  active           = true

  deletion_trigger {
    delete_after = 7
  }
}
