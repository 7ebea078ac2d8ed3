# Prepares the machine for the Mailferry service and, without -PrepareOnly, registers and starts it through WinSW.
# The .msi (installer/windows/mailferry.wxs) runs it with -PrepareOnly and registers the service itself; run it by hand
# (as Administrator, from the installation folder) only for an image installed without the .msi, or with -Uninstall
# to remove such a registration.
#   install-service.ps1 [-PrepareOnly] [-Uninstall]
# Data: %ProgramData%\Mailferry, with its own ACL (nothing inherited from %ProgramData%, which every user may read):
# SYSTEM and Administrators full control, the service account (LocalService) modify, and the local group
# "Mailferry Admins" allowed to list the folder and read mailferry.conf only. The service itself (serve
# --group-access) gives that group read access to api-token and service.url, never to secret.key or the database.
# Members of the group: their CLI and panel find the service through mailferry.conf.
# Uninstalling keeps the data; delete %ProgramData%\Mailferry by hand to remove it.
param(
    [switch]$PrepareOnly,
    [switch]$Uninstall
)
$ErrorActionPreference = "Stop"
$wrapper = Join-Path $PSScriptRoot "mailferry-service.exe"
$data = Join-Path $env:ProgramData "Mailferry"
$group = "Mailferry Admins"

if ($Uninstall) {
    if (Get-Service mailferry -ErrorAction SilentlyContinue) {
        & $wrapper stop | Out-Null
        & $wrapper uninstall
    }
    Write-Host "The Mailferry service is removed; its data stays in $data."
    exit 0
}

if (-not (Get-LocalGroup -Name $group -ErrorAction SilentlyContinue)) {
    New-LocalGroup -Name $group -Description "May use the installed Mailferry service (CLI and panel)" | Out-Null
}
New-Item -ItemType Directory -Force -Path $data | Out-Null
# S-1-5-18 SYSTEM, S-1-5-32-544 Administrators, S-1-5-19 LocalService; the group: this folder only, no inheritance
icacls $data /inheritance:r /grant:r "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" "*S-1-5-19:(OI)(CI)M" `
    "${group}:(RX)" | Out-Null
if ($LASTEXITCODE) { throw "icacls could not set the rights of $data." }
$conf = Join-Path $data "mailferry.conf"
if (-not (Test-Path $conf)) {
    Set-Content -Path $conf -Encoding ASCII -Value @(
        "# Read by the Mailferry CLI and panel to find the installed service.",
        "MAILFERRY_DATA=$data")
}
icacls $conf /grant:r "${group}:(R)" | Out-Null
if ($PrepareOnly) { exit 0 }

if (-not (Test-Path $wrapper)) { throw "The service wrapper $wrapper is missing: run this script from the installation folder." }
if (-not (Get-Service mailferry -ErrorAction SilentlyContinue)) {
    & $wrapper install
    # LocalService, not LocalSystem: the service needs its data directory and the network, nothing else
    sc.exe config mailferry obj= "NT AUTHORITY\LocalService" password= "" | Out-Null
}
& $wrapper start
Write-Host "The Mailferry service runs. Add admins to the group: Add-LocalGroupMember -Group '$group' -Member NAME"
