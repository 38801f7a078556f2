/**
 * @file
 * @brief Error codes of pcdsim's host tools (loaders, CLI), range -300..-399.
 *
 * Host code returns 0 or one of these (or a PCD_E_* / FM_E_* code it passes through). libyaml's
 * 1/0, OpenSSL's 1/0, errno and pthread's positive codes are converted at the call site.
 * The CLI maps them to exit codes: verdict failed 1, any error here 2.
 */
#ifndef PCDSIM_HOST_ERR_H
#define PCDSIM_HOST_ERR_H

#ifdef __cplusplus
extern "C" {
#endif

/** Host error codes. */
enum pcdsim_err {
    PCDSIM_E_USAGE = -301,   /**< Bad command line. */
    PCDSIM_E_FILE = -302,    /**< A file could not be read or written. */
    PCDSIM_E_YAML = -303,    /**< YAML syntax error. */
    PCDSIM_E_SCHEMA = -304,  /**< Unknown key, wrong type, missing key, bad value. */
    PCDSIM_E_LAYOUT = -305,  /**< Partitions overlap or are inconsistent. */
    PCDSIM_E_NOMEM = -306,   /**< Host allocation failed. */
    PCDSIM_E_KEY = -307,     /**< A key file is unusable (not a PEM public key of a supported type). */
    PCDSIM_E_THREAD = -308,  /**< A pthread call failed. */
    PCDSIM_E_INTERNAL = -309,/**< A bug in pcdsim itself. */
};

/**
 * @brief Name of a host, PCD or flash-model error code ("PCDSIM_E_YAML", "PCD_E_IMG_SIG", ...).
 * @param err error code
 * @return a static string
 */
const char *pcdsim_strerror(int err);

/**
 * @brief The PCD code a port returns for a flash-model result (the one translation, used by the
 *        simulator's port and the test port): power loss or power off -> PCD_E_HALTED, bus fault
 *        -> PCD_E_BUS_FAULT, alignment / nWRITE / not erased -> PCD_E_FLASH_RULE, range ->
 *        PCD_E_RANGE, not supported -> PCD_E_UNSUPPORTED, invalid -> PCD_E_INVAL, anything else
 *        -> PCD_E_IO. The side effects (a power loss, a halted core) are the port's business.
 * @param fm_err 0 or an FM_E_* code
 * @return 0 or a PCD_E_* code
 */
int pcdsim_pcd_err_from_fm(int fm_err);

/**
 * @brief One-line description of a host, PCD or flash-model error code (the text of its header's
 *        doc comment; PCD codes through pcd_describe()).
 * @param err error code
 * @return a static string; "unknown error code" for a value no header declares
 */
const char *pcdsim_describe(int err);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_HOST_ERR_H */
