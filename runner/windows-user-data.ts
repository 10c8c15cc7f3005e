import { diskspdCommands } from "./diskspd";
import { FRAME_VERSION } from "./framing";
import { ResolvedBenchmark } from "../domain/profiles";
import { checkDiskSerial } from "./serial-name";

/** What the Windows guest's cloudbase-init user-data must do. */
export interface WindowsRunnerOptions {
  readonly benchmark: ResolvedBenchmark;
  /** Serial of the disk under test (Get-Disk's SerialNumber). */
  readonly diskSerial: string;
  /** diskspd.exe in the image. @default "C:\\kvmbench\\diskspd.exe" */
  readonly diskspdPath?: string;
  /**
   * URL of the DiskSpd release zip, downloaded by the guest when `diskspdPath` is missing.
   * Set it only when the study allows guest downloads. @default - no download
   */
  readonly diskspdDownloadUrl?: string;
  /** Results serial port. @default "COM2" */
  readonly port?: string;
  /** Leave the guest running after the benchmark. @default false */
  readonly noPoweroff?: boolean;
}

/**
 * PowerShell ends a single-quoted string at any of its single-quote characters: U+0027 and the
 * typographic U+2018 to U+201B. Inside the string, each is written twice.
 */
const POWERSHELL_SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

/** A PowerShell single-quoted (verbatim) string of `value`: nothing in it is expanded. */
export function psString(value: string): string {
  return `'${value.replace(POWERSHELL_SINGLE_QUOTES, (quote) => quote + quote)}'`;
}

/**
 * PowerShell user-data for cloudbase-init (`#ps1_sysnative`): finds the disk by serial
 * (refusing a boot/system disk or one with partitions), runs the DiskSpd equivalent of the
 * profile for each repeat, writes each XML result as a frame `run-<repeat>-<test>` plus an
 * `info` frame to the port in the same frame format as Linux, then shuts the guest down.
 */
export function windowsUserData(options: WindowsRunnerOptions): string {
  const serial = checkDiskSerial(options.diskSerial);
  const tests = diskspdCommands(options.benchmark)
    .map((c) => `  @{ Name = ${psString(c.test)}; Args = @(${c.args.slice(0, -1).map(psString).join(", ")}) }`)
    .join("\n");
  return `#ps1_sysnative
# kvmbench benchmark runner (Windows): DiskSpd against the disk with serial ${serial}; frames to ${options.port ?? "COM2"}.
$ErrorActionPreference = 'Stop'
$Serial = ${psString(serial)}
$Repeats = ${options.benchmark.repeats}
$DiskspdPath = ${psString(options.diskspdPath ?? "C:\\kvmbench\\diskspd.exe")}
$DownloadUrl = ${psString(options.diskspdDownloadUrl ?? "")}
$PortName = ${psString(options.port ?? "COM2")}
$NoPoweroff = $${options.noPoweroff ? "true" : "false"}
$Tests = @(
${tests}
)
$Session = (Get-Date).ToUniversalTime().ToString('yyyyMMddTHHmmssZ') + '-' + $PID
$StartedAt = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
$Port = New-Object System.IO.Ports.SerialPort $PortName, 115200, 'None', 8, 'One'
$Port.Open()
$script:Seq = 0
function Send-Line([string]$Text) { $Port.Write($Text + "\`n") }
function Send-Frame([string]$Name, [byte[]]$Bytes) {
  $script:Seq++
  $sha = [BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash($Bytes)).Replace('-', '').ToLowerInvariant()
  Send-Line "KVMBENCH-BEGIN $Session $($script:Seq) $Name $($Bytes.Length) $sha"
  $b64 = [Convert]::ToBase64String($Bytes)
  for ($i = 0; $i -lt $b64.Length; $i += 76) { Send-Line $b64.Substring($i, [Math]::Min(76, $b64.Length - $i)) }
  Send-Line "KVMBENCH-END $Session $($script:Seq)"
}
function Send-Text([string]$Name, [string]$Text) { Send-Frame $Name ([Text.Encoding]::UTF8.GetBytes($Text)) }

Send-Line "KVMBENCH-START $Session ${FRAME_VERSION}"
$Status = 'ok'
$Disk = $null
$ToolVersion = $null
$Runs = @()
try {
  $found = @(Get-Disk | Where-Object { $_.SerialNumber -and $_.SerialNumber.Trim() -eq $Serial })
  if ($found.Count -eq 0) { throw "no disk with serial '$Serial' found; refusing to run" }
  if ($found.Count -gt 1) { throw "serial '$Serial' matches several disks; refusing to run" }
  $Disk = $found[0]
  if ($Disk.IsBoot -or $Disk.IsSystem) { throw "disk $($Disk.Number) (serial $Serial) is the boot or system disk; refusing to run" }
  if (@(Get-Partition -DiskNumber $Disk.Number -ErrorAction SilentlyContinue).Count -gt 0) {
    throw "disk $($Disk.Number) (serial $Serial) has partitions; refusing to run"
  }
  if (-not (Test-Path $DiskspdPath)) {
    if (-not $DownloadUrl) { throw "DiskSpd not found at $DiskspdPath and the study does not allow downloading it" }
    $zip = Join-Path $env:TEMP 'diskspd.zip'
    Invoke-WebRequest -UseBasicParsing -Uri $DownloadUrl -OutFile $zip
    $unpacked = Join-Path $env:TEMP 'diskspd'
    Expand-Archive -Path $zip -DestinationPath $unpacked -Force
    New-Item -ItemType Directory -Force -Path (Split-Path $DiskspdPath) | Out-Null
    Copy-Item (Join-Path $unpacked 'amd64\\diskspd.exe') $DiskspdPath
  }
  $ToolVersion = 'diskspd-' + (Get-Item $DiskspdPath).VersionInfo.ProductVersion
  for ($r = 1; $r -le $Repeats; $r++) {
    $runStart = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
    foreach ($t in $Tests) {
      $ErrorActionPreference = 'Continue'
      $out = & $DiskspdPath @($t.Args + "#$($Disk.Number)") 2>&1 | Out-String
      $code = $LASTEXITCODE
      $ErrorActionPreference = 'Stop'
      if ($code -ne 0) { throw "DiskSpd test $($t.Name) failed in repeat $r with exit status $($code): $out" }
      Send-Text "run-$r-$($t.Name)" $out
    }
    $Runs += @{ repeat = $r; startedAt = $runStart; finishedAt = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ'); exitCode = 0 }
  }
} catch {
  $Status = 'failed'
  Send-Text 'error' ($_ | Out-String)
}
$info = [ordered]@{
  format = 'kvmbench-guest-info'; version = 1; tool = 'diskspd'; toolVersion = $ToolVersion
  kernel = [Environment]::OSVersion.VersionString; os = (Get-CimInstance Win32_OperatingSystem).Caption
  serial = $Serial; device = $(if ($Disk) { "#$($Disk.Number)" } else { '' }); deviceBytes = $(if ($Disk) { $Disk.Size } else { $null })
  pageCacheDropped = $false; repeats = $Repeats; startedAt = $StartedAt
  finishedAt = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ'); runs = $Runs
}
Send-Text 'info' ($info | ConvertTo-Json -Compress -Depth 4)
Send-Line "KVMBENCH-DONE $Session $($script:Seq) $Status"
$Port.Close()
if (-not $NoPoweroff) { Stop-Computer -Force }
`;
}
